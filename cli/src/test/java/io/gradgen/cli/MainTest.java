package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

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

  /** {@code -V} and {@code --version} on every command print the line {@code gradgen -V} prints. */
  @Test
  void everyCommandPrintsTheVersion() {
    CliRun top = CliRun.of("-V");
    assertEquals(0, top.status());
    assertEquals("gradgen 0.1.0\n", top.out());
    CommandLine line = Main.commandLine();
    for (String command : line.getSubcommands().keySet()) {
      if (command.equals(Main.HELP)) {
        continue; // picocli's help command has no version option
      }
      for (String flag : new String[] {"-V", "--version"}) {
        CliRun run = CliRun.of(command, flag);
        assertEquals(0, run.status(), command + " " + flag + ": " + run.err());
        assertEquals(top.out(), run.out(), command + " " + flag);
        assertEquals("", run.err(), command + " " + flag);
      }
    }
  }

  /** {@code gradgen help train} is {@code gradgen train --help}; a misspelt command after help is one line, exit 2. */
  @Test
  void helpNamesACommand() {
    CliRun help = CliRun.of("help", "train");
    assertEquals(0, help.status(), help.err());
    assertEquals(CliRun.of("train", "--help").out(), help.out());
    assertTrue(help.out().startsWith("Usage: gradgen train "), help.out());
    assertEquals(CliRun.of("--help").out(), CliRun.of("help").out());
    CliRun wrong = CliRun.of("help", "trian");
    assertEquals(2, wrong.status());
    assertEquals(1, wrong.err().lines().count(), wrong.err());
  }

  /** Without a command: one line naming every command (from the registry, so a new one is named too), exit 2. */
  @Test
  void noCommandNamesThemAll() {
    CliRun run = CliRun.of();
    assertEquals(2, run.status());
    assertEquals(1, run.err().lines().count(), run.err());
    for (String command : Main.commandLine().getSubcommands().keySet()) {
      assertEquals(!command.equals(Main.HELP), run.err().contains(" " + command), command + ": " + run.err());
    }
  }

  /** Every option and positional parameter of every command says what it is for in --help. */
  @Test
  void noOptionHasAnEmptyDescription() {
    List<String> blank = new ArrayList<>();
    CommandLine line = Main.commandLine();
    List<CommandLine> commands = new ArrayList<>(List.of(line));
    commands.addAll(line.getSubcommands().values());
    for (CommandLine command : commands) {
      CommandSpec spec = command.getCommandSpec();
      for (OptionSpec option : spec.options()) {
        if (String.join(" ", option.description()).isBlank()) {
          blank.add(spec.qualifiedName() + " " + option.longestName());
        }
      }
      for (PositionalParamSpec parameter : spec.positionalParameters()) {
        if (String.join(" ", parameter.description()).isBlank()) {
          blank.add(spec.qualifiedName() + " " + parameter.paramLabel());
        }
      }
    }
    assertTrue(commands.size() >= 7, "commands found: " + commands.size());
    assertEquals(List.of(), blank);
  }

  private static String withoutSeconds(String text) {
    return text.replaceAll("steps, [0-9.,]+ s", "steps, (seconds)");
  }
}
