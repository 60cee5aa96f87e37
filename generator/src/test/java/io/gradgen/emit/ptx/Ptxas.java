package io.gradgen.emit.ptx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * NVIDIA's PTX assembler from the CUDA toolkit, found through {@code CUDA_HOME}, {@code
 * /usr/local/cuda} or {@code PATH}: assembling a module for a real GPU architecture is the
 * toolkit's own check that the PTX is valid (syntax, types, operands, the target's rules).
 */
final class Ptxas {
  private final Path executable;

  private Ptxas(Path executable) {
    this.executable = executable;
  }

  static Optional<Ptxas> find() {
    List<Path> candidates = new ArrayList<>();
    String home = System.getenv("CUDA_HOME");
    if (home != null && !home.isEmpty()) {
      candidates.add(Path.of(home, "bin", "ptxas"));
    }
    candidates.add(Path.of("/usr/local/cuda/bin/ptxas"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String folder : path.split(java.io.File.pathSeparator)) {
        if (!folder.isEmpty()) {
          candidates.add(Path.of(folder, "ptxas"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().map(Ptxas::new);
  }

  Path executable() {
    return executable;
  }

  /** Assembles {@code ptx} for {@code arch} ({@code sm_80}); the assembler's complaints, or empty. */
  Optional<String> assemble(String ptx, String arch) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("gradgen-ptxas");
    try {
      Path source = dir.resolve("module.ptx");
      Path cubin = dir.resolve("module.cubin");
      Files.writeString(source, ptx);
      Path log = dir.resolve("log.txt");
      Process process = new ProcessBuilder(executable.toString(), "-arch=" + arch, source.toString(), "-o",
          cubin.toString())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of("ptxas did not finish in 120 s");
      }
      String output = Files.readString(log);
      return process.exitValue() == 0 ? Optional.empty() : Optional.of(output.isEmpty() ? "exit " + process.exitValue() : output);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }
}
