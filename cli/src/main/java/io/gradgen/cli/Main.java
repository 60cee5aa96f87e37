package io.gradgen.cli;

import io.gradgen.parse.ModelException;
import io.gradgen.runtime.data.DataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gradgen} command. Exit status 0 on success, 1 for a run that failed (divergence, I/O),
 * 2 for bad input (model, data or arguments) with one line on stderr and no stack trace; {@code
 * --debug} adds the trace.
 */
@Command(name = "gradgen", mixinStandardHelpOptions = true, version = "gradgen 0.1.0",
    description = "Source-to-source gradient code generator: a .model file in, a fused, differentiated kernel out.",
    subcommands = {TrainCommand.class, GradCommand.class, CheckCommand.class, GenerateCommand.class, PredictCommand.class,
        BenchCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: train, grad, check, generate, predict or bench");
  }

  public static void main(String[] args) {
    LauncherBanner.erase(System.getProperty("gradgen.banner"), System.err);
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status. */
  public static int run(String... args) {
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    CommandLine line = new CommandLine(new Main());
    line.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("error: " + e.getMessage().replace('\n', ' ') + " (see gradgen " + commandName(e.getCommandLine()) + "--help)");
      err.flush();
      return 2;
    });
    line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      int status;
      if (e instanceof ModelException model) {
        err.println(model.format());
        status = 2;
      } else if (e instanceof DataException data) {
        err.println(data.getMessage());
        status = 2;
      } else if (e instanceof UsageError usage) {
        err.println("error: " + usage.getMessage());
        status = 2;
      } else if (e instanceof RunFailure failure) {
        err.println("error: " + failure.getMessage());
        status = 1;
      } else if (e instanceof java.io.IOException io) {
        err.println("error: " + io.getMessage());
        status = 1;
      } else {
        err.println("error: internal error: " + e + " (rerun with --debug for the stack trace)");
        status = 1;
      }
      if (debug) {
        e.printStackTrace(err);
      }
      err.flush();
      return status;
    });
    return line.execute(rest);
  }

  private static String commandName(CommandLine commandLine) {
    return commandLine.getParent() == null ? "" : commandLine.getCommandName() + " ";
  }
}
