package io.gradgen.cli;

import io.gradgen.Backend;
import io.gradgen.Backends;
import io.gradgen.check.OptionException;
import io.gradgen.parse.ModelException;
import io.gradgen.runtime.ClassIndexException;
import io.gradgen.runtime.data.DataException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gradgen} command. Exit status 0 on success, 1 for a run that failed (divergence, I/O),
 * 2 for bad input (model, data or arguments) with one line on stderr and no stack trace; {@code
 * --debug} adds the trace. Every message is printed through {@link Format#escaped}: whatever a
 * model, a data file or a path holds, it is one line of visible characters.
 */
@Command(name = "gradgen", mixinStandardHelpOptions = true, version = "gradgen 0.1.0",
    description = "Source-to-source gradient code generator: a .model file in, a fused, differentiated kernel out.",
    subcommands = {TrainCommand.class, GradCommand.class, CheckCommand.class, GenerateCommand.class, PredictCommand.class,
        BenchCommand.class, HessianCommand.class, GraphCommand.class})
public final class Main implements Runnable {
  /** The columns picocli lays the help out in (its default). */
  private static final int HELP_WIDTH = 79;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // Named from the registered subcommands, so a command added later is listed without an edit here.
    List<String> names = new ArrayList<>(spec.subcommands().keySet());
    names.remove(HELP);
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: " + Format.listed(names, "or"));
  }

  /** The name of picocli's help command: {@code gradgen help train} is {@code gradgen train --help}. */
  static final String HELP = "help";

  public static void main(String[] args) {
    LauncherBanner.erase(System.getProperty("gradgen.banner"), System.err);
    System.exit(run(args));
  }

  /**
   * Runs the command line with this process's stdout and stderr ({@code System.out} and {@code
   * System.err} as they are now, each in its own charset) and returns the exit status.
   */
  public static int run(String... args) {
    return run(writer(System.out), writer(System.err), args);
  }

  /**
   * Runs the command line, printing what stdout would get on {@code out} and messages on {@code
   * err} (the progress bar alone draws on the terminal's own stderr), and returns the exit status.
   * Both writers are flushed before it returns.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    CommandLine line = commandLine();
    line.setOut(out);
    line.setErr(err);
    line.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter stderr = e.getCommandLine().getErr();
      stderr.println(Format.escaped("error: " + UsageWords.of(e)) + " (see gradgen " + commandName(e.getCommandLine()) + "--help)");
      stderr.flush();
      return 2;
    });
    line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter stderr = commandLine.getErr();
      int status;
      if (e instanceof ModelException model) {
        stderr.println(Format.escaped(model.format()));
        status = 2;
      } else if (e instanceof DataException data) {
        stderr.println(Format.escaped(data.getMessage()));
        status = 2;
      } else if (e instanceof UsageError || e instanceof OptionException || e instanceof ClassIndexException
          || e instanceof io.gradgen.emit.ptx.UnsupportedPtxException) {
        stderr.println(Format.escaped("error: " + e.getMessage()));
        status = 2;
      } else if (e instanceof RunFailure || e instanceof io.gradgen.BackendFailure) {
        stderr.println(Format.escaped("error: " + e.getMessage()));
        status = 1;
      } else if (e instanceof java.io.IOException io) {
        stderr.println(Format.escaped("error: " + ioMessage(io)));
        status = 1;
      } else {
        stderr.println(Format.escaped("error: internal error: " + e) + " (rerun with --debug for the stack trace)");
        status = 1;
      }
      if (debug) {
        e.printStackTrace(stderr);
      }
      stderr.flush();
      return status;
    });
    try {
      return line.execute(rest);
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Every command, the help command included, with its help and version as {@link #run} prints them. */
  static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Main());
    line.addSubcommand(HELP, new CommandLine.HelpCommand());
    describeBackends(line);
    versionEverywhere(line);
    return line;
  }

  /** A writer onto {@code stream} that encodes as the stream does (its own charset, not the default one). */
  static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new Writer() {
      @Override
      public void write(char[] chars, int offset, int length) {
        stream.print(new String(chars, offset, length));
      }

      @Override
      public void flush() {
        stream.flush();
      }

      @Override
      public void close() {
        stream.flush();
      }
    }, true);
  }

  /** Ends the help of every command with {@code --backend} with this build's backends, from the registry. */
  private static void describeBackends(CommandLine line) {
    Map<String, String> described = new LinkedHashMap<>();
    for (Backend backend : Backends.installed().all()) {
      described.put(backend.name(), backend.description());
    }
    described.put(Backends.AUTO, "the GPU when one is present and the job gains from it, else java");
    int width = described.keySet().stream().mapToInt(String::length).max().orElse(0);
    List<String> lines = new ArrayList<>(List.of("", "Backends in this build (--backend):"));
    described.forEach((name, description) -> lines.addAll(wrapped(
        String.format(Locale.ROOT, "  %-" + width + "s  ", name), description, HELP_WIDTH)));
    for (CommandLine command : line.getSubcommands().values()) {
      if (command.getCommandSpec().findOption("--backend") != null) {
        command.getCommandSpec().usageMessage().footer(lines.stream().map(text -> text.replace("%", "%%"))
            .toArray(String[]::new));
      }
    }
  }

  /**
   * Gives every subcommand the top-level version: {@code gradgen train -V} prints {@code gradgen
   * 0.1.0}, as {@code gradgen -V} does (picocli prints a command's own version, empty for a
   * subcommand that names none).
   */
  private static void versionEverywhere(CommandLine line) {
    String[] version = line.getCommandSpec().version();
    for (CommandLine command : line.getSubcommands().values()) {
      if (command.getCommandSpec().version().length == 0) {
        command.getCommandSpec().version(version);
      }
    }
  }

  /** {@code text} after {@code head}, wrapped at spaces to {@code width} columns under its own start. */
  static List<String> wrapped(String head, String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder(head);
    for (String word : text.split(" ")) {
      if (current.length() > head.length() && current.length() + 1 + word.length() > width) {
        lines.add(current.toString());
        current = new StringBuilder(" ".repeat(head.length()));
      }
      current.append(current.length() > head.length() ? " " : "").append(word);
    }
    lines.add(current.toString());
    return lines;
  }


  /** An I/O failure in words: the file and what went wrong, not the JDK's bare path. */
  static String ioMessage(java.io.IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException missing) {
      return missing.getFile() + ": no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException denied) {
      return denied.getFile() + ": permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException system && system.getFile() != null) {
      return system.getFile() + ": " + (system.getReason() != null ? system.getReason() : "cannot be written or read");
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static String commandName(CommandLine commandLine) {
    return commandLine.getParent() == null ? "" : commandLine.getCommandName() + " ";
  }
}
