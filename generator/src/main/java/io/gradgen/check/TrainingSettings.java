package io.gradgen.check;

import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ast.Argument;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.NumberLit;
import io.gradgen.parse.ast.Setting;
import io.gradgen.parse.ast.TrainBlock;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.ScheduleSpec;
import io.gradgen.runtime.train.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code train} block, and the same settings given on the command line, into a {@link
 * TrainingConfig}. Optimizer and schedule arguments are taken by name or by position in the
 * documented order; an unknown name is an error that suggests the closest one.
 *
 * <pre>
 * train { optimizer adam(lr = 0.01)  batch 32  epochs 20  split 0.8 }
 * </pre>
 */
public final class TrainingSettings {
  private static final Map<String, List<String>> OPTIMIZERS = Map.of(
      "sgd", List.of("lr"),
      "momentum", List.of("lr", "beta", "nesterov"),
      "adam", List.of("lr", "beta1", "beta2", "eps"),
      "adamw", List.of("lr", "beta1", "beta2", "eps", "decay"),
      "rmsprop", List.of("lr", "alpha", "eps"));
  private static final Map<String, List<String>> SCHEDULES = Map.of(
      "constant", List.of(),
      "step", List.of("every", "gamma"),
      "cosine", List.of("period"),
      "sgdr", List.of("period", "mult"));
  static final List<String> KEYS = List.of(
      "optimizer", "batch", "epochs", "shuffle", "split", "schedule", "clip", "stop", "reduction", "precision");

  private TrainingSettings() {}

  static TrainingConfig apply(TrainBlock block, TrainingConfig config) {
    for (Setting setting : block.settings()) {
      config = apply(setting, config);
    }
    return config;
  }

  private static TrainingConfig apply(Setting setting, TrainingConfig c) {
    List<Expr> values = setting.values();
    switch (setting.key()) {
      case "optimizer":
        return with(c, optimizer(values.get(0)), c.batchSize(), c.epochs(), c.shuffle(), c.shuffleSeed(),
            c.split(), c.schedule(), c.clip(), c.patience(), c.reduction(), c.precision());
      case "batch": {
        Expr value = values.get(0);
        int batch = value instanceof NameRef name && name.name().equals("full") ? 0 : positiveInt(value, "batch");
        return with(c, c.optimizer(), batch, c.epochs(), c.shuffle(), c.shuffleSeed(), c.split(), c.schedule(),
            c.clip(), c.patience(), c.reduction(), c.precision());
      }
      case "epochs":
        return with(c, c.optimizer(), c.batchSize(), positiveInt(values.get(0), "epochs"), c.shuffle(),
            c.shuffleSeed(), c.split(), c.schedule(), c.clip(), c.patience(), c.reduction(), c.precision());
      case "shuffle": {
        long seed = values.size() == 2 ? (long) nonNegativeInt(values.get(1), "the shuffle seed") : c.shuffleSeed();
        return with(c, c.optimizer(), c.batchSize(), c.epochs(), true, seed, c.split(), c.schedule(), c.clip(),
            c.patience(), c.reduction(), c.precision());
      }
      case "split":
        return with(c, c.optimizer(), c.batchSize(), c.epochs(), c.shuffle(), c.shuffleSeed(),
            split(values.get(0)), c.schedule(), c.clip(), c.patience(), c.reduction(), c.precision());
      case "schedule":
        return with(c, c.optimizer(), c.batchSize(), c.epochs(), c.shuffle(), c.shuffleSeed(), c.split(),
            schedule(values.get(0)), c.clip(), c.patience(), c.reduction(), c.precision());
      case "clip": {
        double clip = Literals.number(values.get(0), "clip");
        if (!(clip > 0) || Double.isInfinite(clip)) {
          throw new ModelException(values.get(0).position(), "clip must be a positive number, not " + clip);
        }
        return with(c, c.optimizer(), c.batchSize(), c.epochs(), c.shuffle(), c.shuffleSeed(), c.split(),
            c.schedule(), clip, c.patience(), c.reduction(), c.precision());
      }
      case "stop":
        return with(c, c.optimizer(), c.batchSize(), c.epochs(), c.shuffle(), c.shuffleSeed(), c.split(),
            c.schedule(), c.clip(), positiveInt(values.get(values.size() - 1), "patience"), c.reduction(),
            c.precision());
      case "reduction":
        return with(c, c.optimizer(), c.batchSize(), c.epochs(), c.shuffle(), c.shuffleSeed(), c.split(),
            c.schedule(), c.clip(), c.patience(), reduction(values.get(0)), c.precision());
      case "precision":
        return with(c, c.optimizer(), c.batchSize(), c.epochs(), c.shuffle(), c.shuffleSeed(), c.split(),
            c.schedule(), c.clip(), c.patience(), c.reduction(), precision(values.get(0)));
      default:
        throw new ModelException(setting.position(), "unknown setting '" + setting.key() + "'"
            + Suggestions.didYouMean(setting.key(), KEYS));
    }
  }

  static TrainingConfig with(TrainingConfig c, OptimizerSpec optimizer, int batch, int epochs, boolean shuffle,
      long seed, Double split, ScheduleSpec schedule, Double clip, Integer patience,
      TrainingConfig.Reduction reduction, Precision precision) {
    return new TrainingConfig(optimizer, batch, epochs, shuffle, seed, split, schedule, clip, patience,
        reduction, precision);
  }

  /** {@code adam(lr = 0.01)}: a call naming an optimizer, its learning rate required. */
  public static OptimizerSpec optimizer(Expr expr) {
    Call call = requireCall(expr, "an optimizer", OPTIMIZERS.keySet());
    double[] values = new double[6];
    Map<String, Expr> arguments = arguments(call, OPTIMIZERS.get(call.function()));
    if (!arguments.containsKey("lr")) {
      throw new ModelException(call.position(), call.function() + " needs a learning rate: "
          + call.function() + "(lr = 0.01)");
    }
    OptimizerSpec.Kind kind = OptimizerSpec.Kind.valueOf(call.function().toUpperCase(java.util.Locale.ROOT));
    OptimizerSpec defaults = OptimizerSpec.defaults(kind, positive(arguments.get("lr"), "lr"));
    boolean nesterov = defaults.nesterov();
    if (arguments.containsKey("nesterov")) {
      Expr flag = arguments.get("nesterov");
      if (!(flag instanceof NameRef name) || !(name.name().equals("true") || name.name().equals("false"))) {
        throw new ModelException(flag.position(), "nesterov must be true or false");
      }
      nesterov = ((NameRef) flag).name().equals("true");
    }
    values[0] = arguments.containsKey("beta") ? fraction(arguments.get("beta"), "beta") : defaults.beta();
    values[1] = arguments.containsKey("beta1") ? fraction(arguments.get("beta1"), "beta1") : defaults.beta1();
    values[2] = arguments.containsKey("beta2") ? fraction(arguments.get("beta2"), "beta2") : defaults.beta2();
    values[3] = arguments.containsKey("eps") ? positive(arguments.get("eps"), "eps") : defaults.eps();
    values[4] = arguments.containsKey("decay") ? nonNegative(arguments.get("decay"), "decay") : defaults.decay();
    values[5] = arguments.containsKey("alpha") ? fraction(arguments.get("alpha"), "alpha") : defaults.alpha();
    return new OptimizerSpec(kind, defaults.lr(), values[0], nesterov, values[1], values[2], values[3],
        values[4], values[5]);
  }

  /** {@code constant}, {@code step(10, 0.5)}, {@code cosine(period = 50)}, {@code sgdr(10, 2)}. */
  public static ScheduleSpec schedule(Expr expr) {
    if (expr instanceof NameRef name) {
      if (name.name().equals("constant")) {
        return ScheduleSpec.constant();
      }
      expr = new Call(name.position(), name.name(), List.of());
    }
    Call call = requireCall(expr, "a schedule", SCHEDULES.keySet());
    Map<String, Expr> arguments = arguments(call, SCHEDULES.get(call.function()));
    for (String required : SCHEDULES.get(call.function())) {
      if (!arguments.containsKey(required) && !(call.function().equals("sgdr") && required.equals("mult"))) {
        throw new ModelException(call.position(), call.function() + " needs '" + required + "'");
      }
    }
    return switch (call.function()) {
      case "constant" -> ScheduleSpec.constant();
      case "step" -> ScheduleSpec.step(positiveInt(arguments.get("every"), "every"),
          positive(arguments.get("gamma"), "gamma"));
      case "cosine" -> ScheduleSpec.cosine(positiveInt(arguments.get("period"), "period"));
      default -> ScheduleSpec.sgdr(positiveInt(arguments.get("period"), "period"),
          arguments.containsKey("mult") ? positiveInt(arguments.get("mult"), "mult") : 1);
    };
  }

  public static Double split(Expr expr) {
    double split = Literals.number(expr, "split");
    if (!(split > 0 && split < 1)) {
      throw new ModelException(expr.position(), "split must be a fraction between 0 and 1, not " + split);
    }
    return split;
  }

  static TrainingConfig.Reduction reduction(Expr expr) {
    if (expr instanceof NameRef name && (name.name().equals("mean") || name.name().equals("sum"))) {
      return TrainingConfig.Reduction.valueOf(name.name().toUpperCase(java.util.Locale.ROOT));
    }
    throw new ModelException(expr.position(), "reduction must be mean or sum, not '" + ExprPrinter.parenthesized(expr) + "'");
  }

  static Precision precision(Expr expr) {
    if (expr instanceof NameRef name && (name.name().equals("f64") || name.name().equals("f32"))) {
      return Precision.valueOf(name.name().toUpperCase(java.util.Locale.ROOT));
    }
    throw new ModelException(expr.position(), "precision must be f64 or f32, not '" + ExprPrinter.parenthesized(expr) + "'");
  }

  private static Call requireCall(Expr expr, String what, java.util.Set<String> names) {
    if (expr instanceof NameRef name) {
      expr = new Call(name.position(), name.name(), List.of());
    }
    if (!(expr instanceof Call call)) {
      throw new ModelException(expr.position(), "expected " + what + " such as " + names.stream().sorted().findFirst()
          .orElse("") + "(…), not '" + ExprPrinter.parenthesized(expr) + "'");
    }
    if (!names.contains(call.function())) {
      throw new ModelException(call.position(), "unknown " + what.substring(what.indexOf(' ') + 1) + " '"
          + call.function() + "'" + Suggestions.didYouMean(call.function(), names));
    }
    return call;
  }

  private static Map<String, Expr> arguments(Call call, List<String> order) {
    Map<String, Expr> arguments = new java.util.LinkedHashMap<>();
    List<Argument> positional = new ArrayList<>();
    for (Argument argument : call.arguments()) {
      if (argument.name() == null) {
        positional.add(argument);
      }
    }
    if (positional.size() > order.size()) {
      throw new ModelException(call.position(), call.function() + " takes at most " + order.size()
          + " arguments (" + String.join(", ", order) + ")");
    }
    for (int i = 0; i < positional.size(); i++) {
      arguments.put(order.get(i), positional.get(i).value());
    }
    for (Argument argument : call.arguments()) {
      if (argument.name() != null) {
        if (!order.contains(argument.name())) {
          throw new ModelException(argument.position(), call.function() + " has no argument '" + argument.name()
              + "'" + Suggestions.didYouMean(argument.name(), order));
        }
        if (arguments.put(argument.name(), argument.value()) != null) {
          throw new ModelException(argument.position(), "argument '" + argument.name() + "' is given twice");
        }
      }
    }
    return arguments;
  }

  private static double positive(Expr expr, String what) {
    double value = Literals.number(expr, what);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ModelException(expr.position(), what + " must be positive, not " + value);
    }
    return value;
  }

  private static double nonNegative(Expr expr, String what) {
    double value = Literals.number(expr, what);
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ModelException(expr.position(), what + " must not be negative, not " + value);
    }
    return value;
  }

  private static double fraction(Expr expr, String what) {
    double value = Literals.number(expr, what);
    if (!(value >= 0 && value < 1)) {
      throw new ModelException(expr.position(), what + " must be in [0, 1), not " + value);
    }
    return value;
  }

  static int positiveInt(Expr expr, String what) {
    if (!(expr instanceof NumberLit number) || !number.integer() || number.value() < 1
        || number.value() > Integer.MAX_VALUE) {
      throw new ModelException(expr.position(), what + " must be a positive integer, not '"
          + ExprPrinter.parenthesized(expr) + "'");
    }
    return (int) number.value();
  }

  private static int nonNegativeInt(Expr expr, String what) {
    if (!(expr instanceof NumberLit number) || !number.integer() || number.value() > Integer.MAX_VALUE) {
      throw new ModelException(expr.position(), what + " must be a non-negative integer, not '"
          + ExprPrinter.parenthesized(expr) + "'");
    }
    return (int) number.value();
  }
}
