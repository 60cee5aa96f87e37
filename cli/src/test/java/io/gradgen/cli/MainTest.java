package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@link Main#run}: the commands print through the writers they are given, and in no locale but the root one. */
class MainTest {
  private static final String CUBIC = "../samples/cubic.model";

  @Test
  void everythingGoesToTheWritersGiven() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliRun run = CliRun.capture(() -> Main.run(new PrintWriter(out), new PrintWriter(err), "grad", CUBIC, "--json"));
    assertEquals(0, run.status());
    assertEquals("{\"loss\": 89.0, \"gradient\": {\"a\": 75.0, \"b\": -12.0}}\n", out.toString());
    assertEquals("", err.toString());
    assertEquals("", run.out() + run.err(), "nothing on System.out or System.err");

    StringWriter lines = new StringWriter();
    StringWriter messages = new StringWriter();
    CliRun train = CliRun.capture(() -> Main.run(new PrintWriter(lines), new PrintWriter(messages),
        "train", "src/test/resources/plot/line.model", "--lr", "2"));
    assertEquals(1, train.status());
    assertEquals("", train.out() + train.err(), "nothing on System.out or System.err");
    assertTrue(messages.toString().startsWith("epoch "), messages.toString());
    assertTrue(messages.toString().endsWith("try a smaller learning rate, such as --lr 0.2\n"), messages.toString());
    assertTrue(lines.toString().startsWith("loss: "), lines.toString());
  }

  @Test
  void aStreamsOwnCharsetIsKept() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter writer = Main.writer(new PrintStream(bytes, true, StandardCharsets.UTF_16BE));
    writer.print("× ÷");
    writer.flush();
    assertEquals("× ÷", bytes.toString(StandardCharsets.UTF_16BE));
  }

  /** Decimal commas, German style, must not reach the output: every command formats in Locale.ROOT. */
  @Test
  void theSameOutputInAGermanLocale() {
    String[][] commands = {
      {"check", CUBIC},
      {"check", CUBIC, "--json"},
      {"grad", "../samples/crop-yield.model"},
      {"grad", "../samples/crop-yield.model", "--json"},
      {"train", "../samples/crop-yield.model", "--epochs", "20"},
      {"predict", "../samples/crop-yield.model"},
      {"grad", CUBIC, "--at", "a=0.5", "--dump-after", "optimize"},
    };
    Locale before = Locale.getDefault();
    for (String[] command : commands) {
      CliRun root;
      CliRun german;
      try {
        Locale.setDefault(Locale.ROOT);
        root = CliRun.of(command);
        Locale.setDefault(Locale.GERMANY);
        german = CliRun.of(command);
      } finally {
        Locale.setDefault(before);
      }
      String what = String.join(" ", command);
      assertEquals(0, root.status(), what + ": " + root.err());
      assertEquals(withoutSeconds(root.out()), withoutSeconds(german.out()), what);
      assertEquals(root.err(), german.err(), what);
    }
  }

  private static String withoutSeconds(String text) {
    return text.replaceAll("steps, [0-9.,]+ s", "steps, (seconds)");
  }
}
