package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case in {@code src/test/resources/bad-input/*.cases} run as a user runs it, with its exact
 * message and exit status (the format is described in that folder's README). A case that fails
 * (exit 2) prints one line on stderr, nothing on stdout, no stack trace, and leaves no file behind
 * that was not there before it ran. {@code -Dgradgen.updateGoldens=true} rewrites the expected
 * lines in place (review the diff).
 */
class BadInputCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/bad-input");

  @TempDir Path tmp;

  static Stream<CorpusCase> cases() throws IOException {
    List<CorpusCase> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".cases")).sorted().toList()) {
        all.addAll(CorpusCase.read(file));
      }
    }
    return all.stream();
  }

  @Test
  void theCorpusHoldsAtLeast150DistinctCases() throws IOException {
    List<CorpusCase> all = cases().toList();
    Set<String> names = all.stream().map(CorpusCase::name).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(all.size(), names.size(), "case names repeat");
    assertTrue(all.size() >= 150, all.size() + " cases");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachInputGivesItsExactMessageAndStatus(CorpusCase example) throws IOException {
    example.writeFiles(tmp);
    Set<String> before = listing(tmp);
    CliRun run = CliRun.of(example.args(tmp));
    String err = example.relativize(run.err(), tmp);
    String out = example.relativize(run.out(), tmp);
    if (Boolean.getBoolean("gradgen.updateGoldens")) {
      example.rewrite(run.status(), out, err);
      return;
    }
    assertEquals(example.expectedStatus(), run.status(), err + out);
    assertEquals(example.expectedErr(), err.stripTrailing());
    if (example.expectedOut() != null) {
      assertEquals(example.expectedOut(), out.stripTrailing());
    }
    assertFalse(err.contains("\tat ") || err.contains("Exception"), err);
    if (run.status() == 2) {
      assertEquals("", run.out(), "a refused command prints nothing on stdout");
      assertEquals(1, err.lines().count(), err);
      assertEquals(before, listing(tmp), "a refused command writes nothing");
    }
  }

  private static Set<String> listing(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.map(f -> folder.relativize(f).toString()).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
