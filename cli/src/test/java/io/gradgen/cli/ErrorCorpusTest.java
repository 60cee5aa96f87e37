package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every broken model in {@code src/test/resources/errors} gives exactly the one line in its {@code
 * .err} file, exit status 2, nothing on stdout and no stack trace. {@code
 * -Dgradgen.updateGoldens=true} rewrites the {@code .err} files (review the diff).
 */
class ErrorCorpusTest {
  private static final Path ERRORS = Path.of("src/test/resources/errors");

  static Stream<String> models() throws IOException {
    try (Stream<Path> files = Files.list(ERRORS)) {
      return files.map(Path::toString).filter(name -> name.endsWith(".model")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void brokenModelGivesItsExactError(String model) throws IOException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    int status;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      status = Main.run("grad", model);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String message = stderr.toString(StandardCharsets.UTF_8);
    Path expected = Path.of(model.replaceAll("\\.model$", ".err"));
    if (Boolean.getBoolean("gradgen.updateGoldens")) {
      Files.writeString(expected, message, StandardCharsets.UTF_8);
    }
    assertEquals(2, status, message);
    assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith(model + ":"), message);
    assertFalse(message.contains("\tat ") || message.contains("Exception"), message);
    assertEquals(Files.readString(expected, StandardCharsets.UTF_8), message);
  }
}
