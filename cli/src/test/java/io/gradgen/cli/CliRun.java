package io.gradgen.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * A command run in-process as a user runs it, with its exit status and everything it printed on
 * stdout and stderr: {@code CliRun.of("grad", "cubic.model", "--json").out()}.
 */
record CliRun(int status, String out, String err) {

  /** {@code gradgen ARGS…} through {@link Main#run}. */
  static CliRun of(String... args) {
    return capture(() -> Main.run(args));
  }

  /** Any entry point that prints and returns an exit status. */
  static CliRun capture(Callable<Integer> command) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int status = command.call();
      return new CliRun(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("the command threw instead of returning a status", e);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
