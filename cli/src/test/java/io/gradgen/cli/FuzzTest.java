package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.java.JavaEmitter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated models, data files and checkpoints through the whole CLI, in every build, with fixed
 * seeds: no input may end in an uncaught exception, an internal error or a run past {@link
 * #TIMEOUT_S}; every rejection is one line on stderr with exit 2 (exit 1 only for a diverged
 * training, in one line too), and every accepted model's Java compiles and takes a training step.
 *
 * <p>The {@value #MODELS} models are {@link Mutator mutants} of {@code samples/*.model} and of the
 * bad-input corpus, each trained one epoch on the interpreted backend (parse, check, differentiate, a
 * step); each distinct kernel among the accepted ones is then compiled by Janino and trained one
 * epoch on the Java backend, where emitting, planning and compiling are. The {@value #DATA_FILES}
 * data files and checkpoints are mutants of {@code line-fit.csv}, of the same data as {@code .npy},
 * and of a {@code --save} file of {@code line-fit.model}. Counts and time are printed.
 *
 * <p>A mutant that fails is written to {@code target/fuzz-finds/} and named in the failure, with
 * its seed; once fixed, it is kept in {@code src/test/resources/fuzz-finds/}, which {@link
 * #everyFindStaysFixed} runs. {@code -Dgradgen.fuzz.models=N} and {@code -Dgradgen.fuzz.data=N}
 * change the counts for a longer run, {@code -Dgradgen.fuzz.seed=S} the mutants.
 */
class FuzzTest {
  static final int MODELS = Integer.getInteger("gradgen.fuzz.models", 10_000);
  static final int DATA_FILES = Integer.getInteger("gradgen.fuzz.data", 2_000);
  static final long TIMEOUT_S = 30;
  /** {@code -Dgradgen.fuzz.seed=S}: another set of mutants, for a search outside the build. */
  private static final long SEED = Long.getLong("gradgen.fuzz.seed", 18);
  private static final Path FINDS = Path.of("src/test/resources/fuzz-finds");
  private static final Path FOUND = Path.of("target/fuzz-finds");

  @TempDir
  static Path dir;

  private static ExecutorService runner;

  @BeforeAll
  static void start() throws IOException {
    runner = Executors.newSingleThreadExecutor(task -> {
      Thread thread = new Thread(task, "fuzz");
      thread.setDaemon(true);
      return thread;
    });
    try (Stream<Path> files = Files.list(Path.of("../samples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".csv") || f.toString().endsWith(".model")).toList()) {
        Files.copy(file, dir.resolve(file.getFileName()));
      }
    }
  }

  @AfterAll
  static void stop() {
    runner.shutdownNow();
  }

  @Test
  void mutatedModels() throws Exception {
    List<String> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("../samples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".model")).sorted().toList()) {
        seeds.add(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    // And every model of the bad-input corpus, in the corpus's order.
    BadInputCorpusTest.cases().forEach(example -> example.files().forEach((name, bytes) -> {
      if (name.endsWith(".model")) {
        seeds.add(new String(bytes, StandardCharsets.UTF_8));
      }
    }));
    long start = System.nanoTime();
    Tally tally = new Tally();
    Set<String> seen = new HashSet<>();
    Set<String> kernels = new HashSet<>();
    Path model = dir.resolve("fuzz.model");
    int compiled = 0;
    for (int i = 0; seen.size() < MODELS; i++) {
      byte[] mutant = new Mutator(SEED * 1_000_003 + i).mutate(seeds.get(i % seeds.size()), seeds);
      if (!seen.add(new String(mutant, StandardCharsets.ISO_8859_1))) {
        continue;
      }
      Files.write(model, mutant);
      CliRun run = tally.record("model", i, mutant, ".model",
          "train", "--quiet", "--epochs", "1", "--backend", "interpreted", model.toString());
      if (run != null && run.status() != 2 && kernels.add(kernel(model))) {
        compiled++;
        tally.record("model", i, mutant, ".model", "train", "--quiet", "--epochs", "1", model.toString());
      }
    }
    System.out.printf(Locale.ROOT, "fuzz: %d mutated models (%d distinct kernels compiled and trained), %s, in %.1f s%n",
        MODELS, compiled, tally, (System.nanoTime() - start) / 1e9);
    assertEquals(List.of(), tally.failures);
  }

  @Test
  void mutatedDataFilesAndCheckpoints() throws Exception {
    Path model = dir.resolve("line-fit.model");
    String csv = Files.readString(dir.resolve("line-fit.csv"), StandardCharsets.UTF_8);
    byte[] npy = npy(csv);
    Path good = dir.resolve("good.json");
    CliRun saved = run("train", "--quiet", "--epochs", "3", "--save", good.toString(), model.toString());
    assertEquals(0, saved.status(), saved.err());
    String checkpoint = Files.readString(good, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    Tally tally = new Tally();
    for (int i = 0; i < DATA_FILES; i++) {
      Mutator mutator = new Mutator(SEED * 2_000_003 + i);
      switch (i % 3) {
        case 0 -> {
          byte[] mutant = mutator.mutate(csv, List.of());
          Path file = write("fuzz.csv", mutant);
          tally.record("csv", i, mutant, ".csv", "train", "--quiet", "--epochs", "1", "--backend", "interpreted",
              "--data", file.toString(), model.toString());
        }
        case 1 -> {
          byte[] mutant = i % 2 == 0 ? mutator.mutateBytes(npy) : mutator.mutateTokens(npy, List.of());
          Path file = write("fuzz.npy", mutant);
          tally.record("npy", i, mutant, ".npy", "train", "--quiet", "--epochs", "1", "--backend", "interpreted",
              "--data", file.toString(), model.toString());
        }
        default -> {
          byte[] mutant = mutator.mutate(checkpoint, List.of());
          Path file = write("fuzz.json", mutant);
          tally.record("checkpoint", i, mutant, ".json", "train", "--quiet", "--epochs", "5", "--backend", "interpreted",
              i % 2 == 0 ? "--resume" : "--params", file.toString(), model.toString());
        }
      }
    }
    System.out.printf(Locale.ROOT, "fuzz: %d mutated data files and checkpoints, %s, in %.1f s%n",
        DATA_FILES, tally, (System.nanoTime() - start) / 1e9);
    assertEquals(List.of(), tally.failures);
  }

  @Test
  void everyFindStaysFixed() throws Exception {
    List<Path> finds = List.of();
    if (Files.isDirectory(FINDS)) {
      try (Stream<Path> files = Files.list(FINDS)) {
        finds = files.filter(f -> f.toString().endsWith(".model")).sorted().toList();
      }
    }
    Path model = dir.resolve("fuzz.model");
    for (Path find : finds) {
      Files.copy(find, model, StandardCopyOption.REPLACE_EXISTING);
      for (String backend : List.of("interpreted", "java")) {
        CliRun run = run("train", "--quiet", "--epochs", "1", "--backend", backend, model.toString());
        assertNull(problem(run), find + " on " + backend);
      }
    }
  }

  /** What is wrong with a run's ending, or null where it ended as the test requires. */
  static String problem(CliRun run) {
    String err = run.err();
    boolean oneLine = err.lines().count() == 1 && !err.contains("\tat ") && !err.contains("internal error");
    if (run.status() == 0 || (run.status() == 2 && oneLine) || (run.status() == 1 && oneLine && err.contains("diverged"))) {
      return null;
    }
    return "exit " + run.status() + ": " + err.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("(no message)");
  }

  /** The scalar Java source of the model in {@code file}, or what stopped it being written. */
  private static String kernel(Path file) {
    try {
      CheckedModel checked = Pipeline.check(file);
      return Pipeline.emitJava(checked, checked.training().precision(), JavaEmitter.DEFAULT_PACKAGE, false).toString();
    } catch (RuntimeException e) {
      return e.toString();
    }
  }

  static CliRun run(String... args) throws Exception {
    Future<CliRun> run = runner.submit(() -> CliRun.of(args));
    try {
      return run.get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      run.cancel(true);
      throw e;
    }
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  /** The rows of a two-column CSV as a float64 {@code .npy} array, as NumPy writes it. */
  static byte[] npy(String csv) {
    List<String> rows = csv.lines().skip(1).filter(line -> !line.isBlank()).toList();
    int columns = rows.get(0).split(",").length;
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows.size() + ", " + columns + "), }";
    int padded = (10 + header.length() + 1 + 63) / 64 * 64;
    header = header + " ".repeat(padded - 10 - header.length() - 1) + "\n";
    ByteBuffer bytes = ByteBuffer.allocate(padded + rows.size() * columns * 8).order(ByteOrder.LITTLE_ENDIAN);
    bytes.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    bytes.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
    for (String row : rows) {
      for (String cell : row.split(",")) {
        bytes.putDouble(Double.parseDouble(cell));
      }
    }
    return bytes.array();
  }

  /** The endings of a fuzz run by exit status, and its failures, each written out with its seed. */
  private static final class Tally {
    final TreeMap<Integer, Integer> statuses = new TreeMap<>();
    final List<String> failures = new ArrayList<>();

    /** Runs {@code args}; the run, or null where it failed (recorded). */
    CliRun record(String kind, int index, byte[] mutant, String suffix, String... args) throws Exception {
      String problem;
      CliRun run = null;
      try {
        run = run(args);
        statuses.merge(run.status(), 1, Integer::sum);
        problem = problem(run);
      } catch (TimeoutException e) {
        problem = "no answer in " + TIMEOUT_S + " s";
      } catch (Exception e) {
        problem = "threw " + e.getCause();
      }
      if (problem == null) {
        return run;
      }
      Files.createDirectories(FOUND);
      Path found = FOUND.resolve(kind + "-" + index + suffix);
      Files.write(found, mutant);
      failures.add(found + " (" + String.join(" ", args).replace(dir.toString(), "") + "): " + problem);
      return null;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("exit statuses");
      statuses.forEach((status, count) -> text.append(' ').append(status).append(": ").append(count));
      return text.toString();
    }
  }
}
