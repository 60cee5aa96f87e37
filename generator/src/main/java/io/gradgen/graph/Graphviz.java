package io.gradgen.graph;

import io.gradgen.runtime.AtomicFile;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Graphviz's {@code dot}, run as a process to render DOT text as SVG or PNG. gradgen writes the
 * DOT itself and depends on no Graphviz library: a user without {@code dot} still gets the
 * {@code .dot} file, and with it the picture.
 *
 * <pre>
 * Graphviz.find(System.getenv("PATH"))                       → Optional[/usr/bin/dot]
 * Graphviz.render(dot, text, Graphviz.Format.SVG, Path.of("g.svg"))
 * </pre>
 */
public final class Graphviz {
  private Graphviz() {}

  /** What {@code dot} renders, by the output file's extension. */
  public enum Format {
    SVG,
    PNG;

    /** The format {@code file}'s extension names, if it is one: {@code g.svg} → SVG. */
    public static Optional<Format> of(Path file) {
      String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
      for (Format format : values()) {
        if (name.endsWith("." + format.extension())) {
          return Optional.of(format);
        }
      }
      return Optional.empty();
    }

    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The first executable {@code dot} in the folders of {@code path} (a PATH variable; null is empty). */
  public static Optional<Path> find(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path dot = Path.of(folder, "dot");
      if (Files.isRegularFile(dot) && Files.isExecutable(dot)) {
        return Optional.of(dot);
      }
    }
    return Optional.empty();
  }

  /**
   * Renders {@code text} with the {@code dot} program at {@code dot} into {@code output}, written
   * atomically: a failed run leaves the old file as it was. An {@link IOException} says what dot
   * said when it fails.
   */
  public static void render(Path dot, String text, Format format, Path output) throws IOException {
    AtomicFile.write(output, temporary -> run(dot, text, format, temporary));
  }

  private static void run(Path dot, String text, Format format, Path output) throws IOException {
    Path messages = Files.createTempFile("gradgen-dot", ".txt");
    try {
      Process process = new ProcessBuilder(List.of(dot.toString(), "-T" + format.extension(), "-o", output.toString()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(messages.toFile())
          .start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
      int status = process.waitFor();
      if (status != 0) {
        String said = Files.readAllLines(messages, StandardCharsets.UTF_8).stream()
            .filter(line -> !line.isBlank()).findFirst().orElse("no message");
        throw new IOException(dot + " -T" + format.extension() + " failed (exit " + status + "): " + said.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while " + dot + " ran", e);
    } finally {
      Files.deleteIfExists(messages);
    }
  }
}
