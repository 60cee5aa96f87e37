package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code gradgen check SAMPLE} passes on every sample: generated, interpreted and finite differences agree. */
class SampleCheckTest {
  static Stream<Path> samples() throws java.io.IOException {
    return BackendAgreementTest.samples();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void checkPasses(Path sample) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    int status;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      status = Main.run("check", sample.toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String text = stdout.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    assertTrue(text.endsWith("gradients agree\n"), text);
  }
}
