package io.gradgen.check;

import static io.gradgen.check.TrainingSettings.arguments;
import static io.gradgen.check.TrainingSettings.fraction;
import static io.gradgen.check.TrainingSettings.nonNegative;
import static io.gradgen.check.TrainingSettings.nonNegativeInt;
import static io.gradgen.check.TrainingSettings.positive;
import static io.gradgen.check.TrainingSettings.positiveInt;
import static io.gradgen.check.TrainingSettings.requireCall;

import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ast.Argument;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.runtime.train.ScheduleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code schedule} setting's words, or {@code --schedule}'s, into a {@link ScheduleSpec}, with a
 * message at the word for every value that cannot be one; {@link TrainingSettings} reads the other
 * settings, and lends its argument helpers. Arguments come by name or in the documented order, a
 * missing one takes torch's default where the scheduler has one.
 *
 * <pre>
 * schedule warmup(5) then cosine(50)   → ScheduleSpec.warmup(5, ScheduleSpec.cosine(50))
 * schedule multistep(0.5, 30, 20)      → ModelException at 20: "multistep's milestones must increase: 20 comes after 30"
 * </pre>
 */
final class ScheduleSettings {
  private static final Map<String, List<String>> SCHEDULES = Map.of(
      "constant", List.of(),
      "step", List.of("every", "gamma"),
      "cosine", List.of("period"),
      "sgdr", List.of("period", "mult"),
      "exponential", List.of("gamma"),
      "multistep", List.of("gamma"),
      "linear", List.of("start_factor", "end_factor", "total"),
      "plateau", List.of("factor", "patience", "threshold", "cooldown", "min_lr"),
      "warmup", List.of("epochs"));
  /** The schedule arguments that may be left out (torch's defaults); the others are required. */
  private static final Set<String> OPTIONAL = Set.of("sgdr.mult", "linear.start_factor",
      "linear.end_factor", "linear.total", "plateau.factor", "plateau.patience", "plateau.threshold",
      "plateau.cooldown", "plateau.min_lr");

  private ScheduleSettings() {}

  /**
   * A schedule setting's words: one schedule, or {@code warmup(N) then S} as three words ({@code
   * then} a name), where S is any schedule of the epoch alone.
   */
  static ScheduleSpec schedule(List<Expr> words) {
    if (words.size() == 1) {
      if (isCall(words.get(0), "warmup")) {
        throw new ModelException(words.get(0).position(),
            "warmup(N) needs 'then' and the schedule after it, as in warmup(5) then cosine(50)");
      }
      return schedule(words.get(0));
    }
    Expr warmup = words.get(0);
    Expr after = words.get(2);
    if (!isCall(warmup, "warmup")) {
      throw new ModelException(warmup.position(), "only warmup(N) comes before 'then', not '"
          + ExprPrinter.parenthesized(warmup) + "'");
    }
    if (isCall(after, "warmup")) {
      throw new ModelException(after.position(), "a warmup cannot follow 'then': one warmup, then a schedule");
    }
    ScheduleSpec first = schedule(warmup);
    ScheduleSpec then = schedule(after);
    if (then.watchesLoss()) {
      // torch's SequentialLR steps its schedulers without a loss; ReduceLROnPlateau needs one.
      throw new ModelException(after.position(), "warmup(N) then plateau(…) is not a PyTorch schedule: SequentialLR"
          + " cannot step ReduceLROnPlateau; use plateau alone, or another schedule after the warmup");
    }
    return ScheduleSpec.warmup(first.total(), then);
  }

  private static boolean isCall(Expr expr, String function) {
    return (expr instanceof Call call && call.function().equals(function))
        || (expr instanceof NameRef name && name.name().equals(function));
  }

  /**
   * {@code constant}, {@code step(10, 0.5)}, {@code cosine(period = 50)}, {@code sgdr(10, 2)},
   * {@code exponential(0.9)}, {@code multistep(0.5, 30, 80)}, {@code linear(0.25, 1, 4)}, {@code
   * plateau(factor = 0.5)}, {@code warmup(5)} (the first of {@code warmup(5) then S}).
   */
  static ScheduleSpec schedule(Expr expr) {
    if (expr instanceof NameRef name) {
      if (name.name().equals("constant")) {
        return ScheduleSpec.constant();
      }
      expr = new Call(name.position(), name.name(), List.of());
    }
    Call call = requireCall(expr, "a schedule", SCHEDULES.keySet());
    if (call.function().equals("multistep")) {
      return multistep(call);
    }
    Map<String, Expr> arguments = arguments(call, SCHEDULES.get(call.function()));
    for (String required : SCHEDULES.get(call.function())) {
      if (!arguments.containsKey(required) && !OPTIONAL.contains(call.function() + "." + required)) {
        throw new ModelException(call.position(), call.function() + " needs '" + required + "'");
      }
    }
    return switch (call.function()) {
      case "constant" -> ScheduleSpec.constant();
      case "step" -> ScheduleSpec.step(positiveInt(arguments.get("every"), "every"),
          positive(arguments.get("gamma"), "gamma"));
      case "cosine" -> ScheduleSpec.cosine(positiveInt(arguments.get("period"), "period"));
      case "sgdr" -> ScheduleSpec.sgdr(positiveInt(arguments.get("period"), "period"),
          arguments.containsKey("mult") ? positiveInt(arguments.get("mult"), "mult") : 1);
      case "exponential" -> ScheduleSpec.exponential(positive(arguments.get("gamma"), "gamma"));
      case "linear" -> linear(arguments);
      case "plateau" -> plateau(arguments);
      default -> ScheduleSpec.warmup(positiveInt(arguments.get("epochs"), "the warmup's epochs"),
          ScheduleSpec.constant());
    };
  }

  /**
   * {@code multistep(gamma, m1, m2, …)}, or with {@code gamma = γ} named anywhere every positional
   * argument a milestone, as {@code multistep(30, 80, gamma = 0.5)}: the milestones
   * positive integers, each above the one before (torch's MultiStepLR counts a repeated one twice).
   */
  private static ScheduleSpec multistep(Call call) {
    Expr gamma = null;
    List<Expr> milestones = new ArrayList<>();
    for (Argument argument : call.arguments()) {
      if (argument.name() == null) {
        milestones.add(argument.value());
      } else if (argument.name().equals("gamma")) {
        if (gamma != null) {
          throw new ModelException(argument.position(), "argument 'gamma' is given twice");
        }
        gamma = argument.value();
      } else {
        throw new ModelException(argument.position(), "multistep has no argument '" + argument.name() + "'"
            + Suggestions.didYouMean(argument.name(), List.of("gamma")) + "; it takes multistep(gamma, m1, m2, …)");
      }
    }
    if (gamma == null && !milestones.isEmpty()) {
      gamma = milestones.remove(0);
    }
    if (gamma == null || milestones.isEmpty()) {
      throw new ModelException(call.position(), "multistep needs gamma and at least one milestone: multistep(gamma,"
          + " m1, m2, …), as multistep(0.1, 30, 80)");
    }
    int[] epochs = new int[milestones.size()];
    for (int i = 0; i < epochs.length; i++) {
      epochs[i] = positiveInt(milestones.get(i), "a milestone");
      if (i > 0 && epochs[i] <= epochs[i - 1]) {
        throw new ModelException(milestones.get(i).position(), "multistep's milestones must increase: "
            + epochs[i] + " comes after " + epochs[i - 1]);
      }
    }
    return ScheduleSpec.multistep(positive(gamma, "gamma"), epochs);
  }

  /** {@code linear(start_factor = 1/3, end_factor = 1, total = 5)}, with LinearLR's bounds. */
  private static ScheduleSpec linear(Map<String, Expr> arguments) {
    double start = 1.0 / 3;
    if (arguments.containsKey("start_factor")) {
      start = Literals.number(arguments.get("start_factor"), "start_factor");
      // torch 1.13 takes 0 and then divides by it at the second step; a rate of 0 trains nothing anyway.
      if (!(start > 0 && start <= 1)) {
        throw new ModelException(arguments.get("start_factor").position(),
            "start_factor must be in (0, 1], not " + start);
      }
    }
    double end = 1;
    if (arguments.containsKey("end_factor")) {
      end = Literals.number(arguments.get("end_factor"), "end_factor");
      if (!(end >= 0 && end <= 1)) {
        throw new ModelException(arguments.get("end_factor").position(), "end_factor must be in [0, 1], not " + end);
      }
    }
    int total = arguments.containsKey("total") ? positiveInt(arguments.get("total"), "total") : 5;
    return ScheduleSpec.linear(start, end, total);
  }

  /** {@code plateau(factor = 0.1, patience = 10, threshold = 1e-4, cooldown = 0, min_lr = 0)}. */
  private static ScheduleSpec plateau(Map<String, Expr> arguments) {
    ScheduleSpec.Plateau defaults = ScheduleSpec.Plateau.defaults();
    return ScheduleSpec.plateau(new ScheduleSpec.Plateau(
        arguments.containsKey("factor") ? fraction(arguments.get("factor"), "factor") : defaults.factor(),
        arguments.containsKey("patience") ? nonNegativeInt(arguments.get("patience"), "patience") : defaults.patience(),
        arguments.containsKey("threshold") ? nonNegative(arguments.get("threshold"), "threshold") : defaults.threshold(),
        arguments.containsKey("cooldown") ? nonNegativeInt(arguments.get("cooldown"), "cooldown") : defaults.cooldown(),
        arguments.containsKey("min_lr") ? nonNegative(arguments.get("min_lr"), "min_lr") : defaults.minLr()));
  }
}
