package io.gradgen.cli;

import io.gradgen.runtime.data.ClosestName;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command line picocli refused, in gradgen's words rather than picocli's ("Unmatched arguments
 * from index 0", "is not an int"): what is wrong, with a suggestion where one is likely.
 *
 * <pre>
 * gradgen trian m.model            → unknown command 'trian'; did you mean 'train'?
 * gradgen train m.model --epoch 5  → unknown option '--epoch'; did you mean '--epochs'?
 * gradgen train m.model --lr fast  → --lr expects a number, not 'fast'
 * gradgen train                    → the MODEL file is missing: gradgen train MODEL
 * gradgen help trian               → unknown command 'trian'; did you mean 'train'?
 * </pre>
 */
final class UsageWords {
  private static final Pattern INVALID = Pattern.compile(
      "^Invalid value for (?:option|positional parameter) '([^']+)'(?: \\([^)]*\\))?: (.*)$", Pattern.DOTALL);
  private static final Pattern NOT_A = Pattern.compile("^'(.*)' is not an? (int|long|double|float)$", Pattern.DOTALL);
  private static final Pattern UNKNOWN_SUBCOMMAND = Pattern.compile("^Unknown subcommand '([^']*)'\\.$");
  private static final Pattern MISSING_VALUE = Pattern.compile("^Missing required parameter for option '([^']+)'");

  private UsageWords() {}

  static String of(CommandLine.ParameterException e) {
    CommandLine command = e.getCommandLine();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
      return unmatched(command, unmatched.getUnmatched().get(0));
    }
    String message = String.valueOf(e.getMessage());
    Matcher missingValue = MISSING_VALUE.matcher(message);
    if (missingValue.find()) {
      return missingValue.group(1) + " needs a value";
    }
    if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()) {
      return missing(command, missing.getMissing().get(0));
    }
    // picocli's help command, for `gradgen help trian`: the words of an unknown command, not its own.
    Matcher unknownCommand = UNKNOWN_SUBCOMMAND.matcher(message);
    if (unknownCommand.find()) {
      CommandLine top = command;
      while (top.getParent() != null) {
        top = top.getParent();
      }
      return unmatched(top, unknownCommand.group(1));
    }
    Matcher invalid = INVALID.matcher(message);
    if (invalid.find()) {
      return invalid(invalid.group(1), invalid.group(2));
    }
    return message.replace('\n', ' ');
  }

  private static String unmatched(CommandLine command, String argument) {
    if (argument.startsWith("-")) {
      String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
      List<String> names = new ArrayList<>();
      for (OptionSpec option : command.getCommandSpec().options()) {
        names.addAll(List.of(option.names()));
      }
      return "unknown option '" + name + "'" + suggestion(name, names);
    }
    if (command.getParent() == null) {
      return "unknown command '" + argument + "'" + suggestion(argument, new ArrayList<>(command.getSubcommands().keySet()));
    }
    return "unexpected argument '" + argument + "': " + command.getCommandName() + " reads one model file";
  }

  private static String missing(CommandLine command, ArgSpec spec) {
    if (spec.isPositional()) {
      return "the " + spec.paramLabel() + " file is missing: gradgen " + command.getCommandName() + " "
          + spec.paramLabel();
    }
    OptionSpec option = (OptionSpec) spec;
    return option.longestName() + " is required: " + option.longestName() + " " + option.paramLabel();
  }

  private static String invalid(String option, String problem) {
    Matcher notA = NOT_A.matcher(problem);
    if (notA.find()) {
      String value = notA.group(1);
      boolean whole = notA.group(2).equals("int") || notA.group(2).equals("long");
      if (whole && value.matches("[+-]?\\d+")) {
        return option + " expects a whole number up to " + (notA.group(2).equals("int") ? Integer.MAX_VALUE
            : Long.MAX_VALUE) + ", not " + value;
      }
      return option + " expects " + (whole ? "a whole number" : "a number") + ", not '" + value + "'";
    }
    if (problem.startsWith("expected ")) {
      return option + " expects " + problem.substring("expected ".length());
    }
    return option + ": " + problem.replace('\n', ' ');
  }

  /** {@code ; did you mean 'X'?} for the likely one of {@code candidates}, else nothing. */
  static String suggestion(String wrong, List<String> candidates) {
    String likely = ClosestName.likely(wrong, candidates);
    return likely == null ? "" : "; did you mean '" + likely + "'?";
  }
}
