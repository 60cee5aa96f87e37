package io.gradgen.check;

import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelReader;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that reads training settings: a model's {@code train} block, and the same
 * settings given as command-line options, into a {@link TrainingConfig}, with a message for every
 * value that cannot be one. Optimizer and schedule arguments are taken by name or by position in
 * the documented order; an unknown name is an error that suggests the closest one.
 *
 * <pre>
 * train { optimizer adam(lr = 0.01)  batch 32  epochs 20  split 0.8 }
 *     → read(block): adam(lr 0.01), batch 32, 20 epochs, split 0.8, the rest {@link TrainingConfig#defaults()}
 * --lr 0.1 --no-split --patience 3
 *     → override(config, options): OptionException "'stop patience' watches the validation loss:
 *       it needs --split or 'split'"
 * </pre>
 *
 * <p>A problem in model text (the block, or an option that is model text such as {@code
 * --optimizer 'adam(lr = 0.01)'}) is a {@link ModelException} at its position; a bad plain option
 * value is an {@link OptionException}, which the command line prints as {@code error: MESSAGE}.
 * Either way the {@link TrainingConfig} that comes out is valid, and early stopping has a split to
 * watch.
 */
public final class TrainingSettings {
  // Positional order: torch.optim's, with maximize (keyword-only there) last.
  private static final Map<String, List<String>> OPTIMIZERS = Map.of(
      "sgd", List.of("lr", "momentum", "dampening", "nesterov", "weight_decay", "maximize"),
      "momentum", List.of("lr", "beta", "nesterov"),
      "adam", List.of("lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad", "maximize"),
      "adamw", List.of("lr", "beta1", "beta2", "eps", "decay", "amsgrad", "maximize"),
      "rmsprop", List.of("lr", "alpha", "eps", "momentum", "centered", "weight_decay", "maximize"),
      "adagrad", List.of("lr", "lr_decay", "weight_decay", "eps", "initial_accumulator_value", "maximize"),
      "lbfgs", CurvatureSettings.LBFGS,
      "newton", CurvatureSettings.NEWTON);
  private static final List<String> STOP_OPTIONS = List.of("min_delta", "restore_best");
  static final List<String> KEYS = List.of(
      "optimizer", "batch", "epochs", "shuffle", "split", "schedule", "clip", "stop", "reduction", "precision");
  private static final String PATIENCE_NEEDS_SPLIT = "'stop patience' watches the validation loss: it needs ";

  private TrainingSettings() {}

  /** A model's {@code train} block over {@link TrainingConfig#defaults()}, settings in order. */
  static TrainingConfig read(TrainBlock block) {
    TrainingConfig config = TrainingConfig.defaults();
    Map<String, Setting> seen = new HashMap<>();
    for (Setting setting : block.settings()) {
      Setting first = seen.putIfAbsent(setting.key(), setting);
      if (first != null) {
        // The last would win silently: a leftover line is likelier than a deliberate override.
        throw new ModelException(setting.position(), "'" + setting.key() + "' is set twice in the train block; the first is at "
            + first.position().line() + ":" + first.position().column());
      }
      config = apply(setting, config);
    }
    if (config.patience() != null && config.split() == null) {
      throw new ModelException(block.position(), PATIENCE_NEEDS_SPLIT + "'split'");
    }
    return config;
  }

  private static TrainingConfig apply(Setting setting, TrainingConfig config) {
    List<Expr> values = setting.values();
    switch (setting.key()) {
      case "optimizer":
        return config.withOptimizer(optimizer(values.get(0)));
      case "batch": {
        Expr value = values.get(0);
        boolean full = value instanceof NameRef name && name.name().equals("full");
        return config.withBatchSize(full ? 0 : positiveInt(value, "batch"));
      }
      case "epochs":
        return config.withEpochs(positiveInt(values.get(0), "epochs"));
      case "shuffle": {
        long seed = values.size() == 2 ? nonNegativeInt(values.get(1), "the shuffle seed") : config.shuffleSeed();
        return config.withShuffle(true, seed);
      }
      case "split":
        return config.withSplit(split(values.get(0)));
      case "schedule":
        return config.withSchedule(ScheduleSettings.schedule(values));
      case "clip": {
        double clip = Literals.number(values.get(0), "clip");
        if (!(clip > 0) || Double.isInfinite(clip)) {
          throw new ModelException(values.get(0).position(), "clip must be a positive number, not " + clip);
        }
        return config.withClip(clip);
      }
      case "stop":
        return stop(setting, config.withPatience(positiveInt(values.get(values.size() - 1), "patience")));
      case "reduction":
        return config.withReduction(reduction(values.get(0)));
      case "precision":
        return config.withPrecision(precision(values.get(0)));
      default:
        throw new ModelException(setting.position(), "unknown setting '" + setting.key() + "'"
            + Suggestions.didYouMean(setting.key(), KEYS));
    }
  }

  /**
   * A command line's training options as given, each null (or false) where it was not: the
   * model-text ones ({@code optimizer}, {@code split}, {@code schedule}) and the words ({@code
   * batch}, {@code reduction}, {@code precision}) as typed, the numbers as parsed, {@code seed}
   * the run's {@code --seed} (0 when not given).
   */
  public record Options(
      String optimizer,
      Double lr,
      String batch,
      Integer epochs,
      Boolean shuffle,
      long seed,
      String split,
      boolean noSplit,
      String schedule,
      Double clip,
      boolean noClip,
      Integer patience,
      boolean noStop,
      String reduction,
      String precision) {}

  /**
   * {@code model}'s settings with every option given applied; each checked in the order below, so
   * that of several bad options the same one is always reported.
   */
  public static TrainingConfig override(TrainingConfig model, Options options) {
    OptimizerSpec optimizer = options.optimizer() != null
        ? optimizer(ModelReader.parseExpression(options.optimizer(), "--optimizer")) : model.optimizer();
    if (options.lr() != null) {
      if (!(options.lr() > 0) || options.lr().isInfinite()) {
        throw new OptionException("--lr must be positive, not " + options.lr());
      }
      optimizer = optimizer.withLr(options.lr());
    }
    int batch = options.batch() != null ? batchOption(options.batch()) : model.batchSize();
    if (options.epochs() != null && options.epochs() < 1) {
      throw new OptionException("--epochs must be at least 1, not " + options.epochs());
    }
    exclusive("--split", options.split() != null, "--no-split", options.noSplit());
    exclusive("--clip", options.clip() != null, "--no-clip", options.noClip());
    exclusive("--patience", options.patience() != null, "--no-stop", options.noStop());
    Double split = options.split() != null ? split(ModelReader.parseExpression(options.split(), "--split"))
        : options.noSplit() ? null : model.split();
    ScheduleSpec schedule = options.schedule() != null
        ? ScheduleSettings.schedule(ModelReader.parseSchedule(options.schedule(), "--schedule")) : model.schedule();
    if (options.clip() != null && (!(options.clip() > 0) || options.clip().isInfinite())) {
      throw new OptionException("--clip must be positive, not " + options.clip());
    }
    if (options.patience() != null && options.patience() < 1) {
      throw new OptionException("--patience must be at least 1, not " + options.patience());
    }
    Integer patience = options.noStop() ? null : options.patience() != null ? options.patience() : model.patience();
    Double clip = options.noClip() ? null : options.clip() != null ? options.clip() : model.clip();
    TrainingConfig.Reduction reduction = model.reduction();
    if (options.reduction() != null) {
      if (!options.reduction().equals("mean") && !options.reduction().equals("sum")) {
        throw new OptionException("--reduction expects mean or sum, not '" + options.reduction() + "'");
      }
      reduction = TrainingConfig.Reduction.valueOf(options.reduction().toUpperCase(Locale.ROOT));
    }
    Precision precision = options.precision() != null ? precisionOption(options.precision()) : model.precision();
    boolean shuffle = options.shuffle() != null ? options.shuffle() : model.shuffle();
    // --shuffle on a model that does not shuffle takes its seed from --seed; so does a --seed given
    // beside --shuffle or --no-shuffle, even over the model's own shuffle seed.
    long seed = model.shuffle() || options.shuffle() == null ? model.shuffleSeed() : options.seed();
    if (options.seed() != 0 && options.shuffle() != null) {
      seed = options.seed();
    }
    if (patience != null && split == null) {
      throw new OptionException(PATIENCE_NEEDS_SPLIT + "--split or 'split'");
    }
    // min_delta and restore_best belong to the model's stop line: --no-stop drops them with it.
    return new TrainingConfig(optimizer, batch, options.epochs() != null ? options.epochs() : model.epochs(),
        shuffle, seed, split, schedule, clip, patience, reduction, precision,
        patience == null ? 0 : model.minDelta(), patience != null && model.restoreBest());
  }

  /** {@code --precision f32|f64}, for every command that takes it. */
  public static Precision precisionOption(String given) {
    if (!given.equals("f32") && !given.equals("f64")) {
      throw new OptionException("--precision expects f32 or f64, not '" + given + "'");
    }
    return Precision.valueOf(given.toUpperCase(Locale.ROOT));
  }

  private static int batchOption(String given) {
    if (given.equals("full")) {
      return 0;
    }
    int batch;
    try {
      batch = Integer.parseInt(given);
    } catch (NumberFormatException e) {
      batch = -1;
    }
    if (batch < 1) {
      throw new OptionException("--batch expects a positive integer or full, not '" + given + "'");
    }
    return batch;
  }

  private static void exclusive(String option, boolean given, String negation, boolean negated) {
    if (given && negated) {
      throw new OptionException(option + " and " + negation + " contradict each other: give one");
    }
  }

  /**
   * {@code adam(lr = 0.01)}: a call naming an optimizer, its learning rate required (but for
   * adagrad's, 0.01 as in torch, and lbfgs' and newton's, 1: {@link CurvatureSettings}). Each argument is checked as torch.optim's constructor checks it,
   * the error at the argument; {@code sgd} with a momentum is the {@code MOMENTUM} kind.
   */
  static OptimizerSpec optimizer(Expr expr) {
    Call call = requireCall(expr, "an optimizer", OPTIMIZERS.keySet());
    for (Argument argument : call.arguments()) {
      if (call.function().equals("adamw") && "weight_decay".equals(argument.name())) {
        throw new ModelException(argument.position(), "adamw's weight decay is 'decay' (torch.optim.AdamW's "
            + "weight_decay, decoupled): adamw(lr = 0.001, decay = 0.01)");
      }
    }
    CurvatureSettings.requireOurNames(call);
    Map<String, Expr> arguments = arguments(call, OPTIMIZERS.get(call.function()));
    if (call.function().equals("lbfgs") || call.function().equals("newton")) {
      return CurvatureSettings.optimizer(call, arguments);
    }
    boolean adagrad = call.function().equals("adagrad");
    if (!arguments.containsKey("lr") && !adagrad) {
      throw new ModelException(call.position(), call.function() + " needs a learning rate: "
          + call.function() + "(lr = 0.01)");
    }
    double lr = adagrad && !arguments.containsKey("lr") ? 0.01 : positive(arguments.get("lr"), "lr");
    double sgdMomentum = arguments.containsKey("momentum") && call.function().equals("sgd")
        ? nonNegative(arguments.get("momentum"), "momentum") : 0;
    OptimizerSpec.Kind kind = call.function().equals("sgd")
        ? (sgdMomentum > 0 ? OptimizerSpec.Kind.MOMENTUM : OptimizerSpec.Kind.SGD)
        : OptimizerSpec.Kind.valueOf(call.function().toUpperCase(Locale.ROOT));
    OptimizerSpec defaults = OptimizerSpec.defaults(kind, lr);
    double momentum = call.function().equals("sgd") ? sgdMomentum
        : arguments.containsKey("beta") ? fraction(arguments.get("beta"), "beta") : defaults.beta();
    double dampening = arguments.containsKey("dampening") ? finite(arguments.get("dampening"), "dampening") : 0;
    boolean nesterov = flag(arguments, "nesterov");
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      // torch.optim.SGD: "Nesterov momentum requires a momentum and zero dampening"
      throw new ModelException(arguments.get("nesterov").position(), "nesterov needs a momentum above 0 and "
          + "dampening 0, not momentum " + momentum + " and dampening " + dampening);
    }
    double beta = kind == OptimizerSpec.Kind.SGD ? defaults.beta() : momentum; // plain SGD ignores it
    double beta1 = arguments.containsKey("beta1") ? fraction(arguments.get("beta1"), "beta1") : defaults.beta1();
    double beta2 = arguments.containsKey("beta2") ? fraction(arguments.get("beta2"), "beta2") : defaults.beta2();
    double eps = arguments.containsKey("eps") ? positive(arguments.get("eps"), "eps") : defaults.eps();
    double decay = arguments.containsKey("decay") ? nonNegative(arguments.get("decay"), "decay") : defaults.decay();
    double alpha = arguments.containsKey("alpha") ? fraction(arguments.get("alpha"), "alpha") : defaults.alpha();
    double rmsMomentum = arguments.containsKey("momentum") && kind == OptimizerSpec.Kind.RMSPROP
        ? nonNegative(arguments.get("momentum"), "momentum") : 0;
    return new OptimizerSpec(kind, lr, beta, nesterov, beta1, beta2, eps, decay, alpha).withOptions(
        dampening,
        arguments.containsKey("weight_decay") ? nonNegative(arguments.get("weight_decay"), "weight_decay") : 0,
        flag(arguments, "maximize"),
        flag(arguments, "amsgrad"),
        flag(arguments, "centered"),
        rmsMomentum,
        arguments.containsKey("lr_decay") ? nonNegative(arguments.get("lr_decay"), "lr_decay") : 0,
        arguments.containsKey("initial_accumulator_value")
            ? nonNegative(arguments.get("initial_accumulator_value"), "initial_accumulator_value") : 0);
  }

  /** A {@code true} or {@code false} argument; false where it is not given. */
  private static boolean flag(Map<String, Expr> arguments, String name) {
    Expr flag = arguments.get(name);
    if (flag == null) {
      return false;
    }
    if (!(flag instanceof NameRef ref) || !(ref.name().equals("true") || ref.name().equals("false"))) {
      throw new ModelException(flag.position(), name + " must be true or false");
    }
    return ref.name().equals("true");
  }

  private static double finite(Expr expr, String what) {
    double value = Literals.number(expr, what);
    if (!Double.isFinite(value)) {
      throw new ModelException(expr.position(), what + " must be a finite number, not " + value);
    }
    return value;
  }

  /** {@code stop patience N[, min_delta = X][, restore_best]}: the options after the patience. */
  private static TrainingConfig stop(Setting setting, TrainingConfig config) {
    double minDelta = 0;
    boolean restoreBest = false;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Argument option : setting.options()) {
      String name = option.name() != null ? option.name()
          : option.value() instanceof NameRef word ? word.name() : null;
      if (name == null || !STOP_OPTIONS.contains(name)) {
        String given = name != null ? name : ExprPrinter.parenthesized(option.value());
        throw new ModelException(option.position(), "stop has no option '" + given + "'"
            + (name == null ? "" : Suggestions.didYouMean(name, STOP_OPTIONS))
            + "; it takes min_delta = X and restore_best");
      }
      if (!seen.add(name)) {
        throw new ModelException(option.position(), "'" + name + "' is given twice");
      }
      if (name.equals("min_delta")) {
        if (option.name() == null) {
          throw new ModelException(option.position(), "min_delta needs a value, as min_delta = 0.001");
        }
        minDelta = nonNegative(option.value(), "min_delta");
      } else {
        if (option.name() != null) {
          throw new ModelException(option.position(), "restore_best takes no value: write restore_best alone");
        }
        restoreBest = true;
      }
    }
    return config.withStopOptions(minDelta, restoreBest);
  }

  static Double split(Expr expr) {
    double split = Literals.number(expr, "split");
    if (!(split > 0 && split < 1)) {
      throw new ModelException(expr.position(), "split must be a fraction between 0 and 1, not " + split);
    }
    return split;
  }

  static TrainingConfig.Reduction reduction(Expr expr) {
    if (expr instanceof NameRef name && (name.name().equals("mean") || name.name().equals("sum"))) {
      return TrainingConfig.Reduction.valueOf(name.name().toUpperCase(Locale.ROOT));
    }
    throw new ModelException(expr.position(), "reduction must be mean or sum, not '" + ExprPrinter.parenthesized(expr) + "'");
  }

  static Precision precision(Expr expr) {
    if (expr instanceof NameRef name && (name.name().equals("f64") || name.name().equals("f32"))) {
      return Precision.valueOf(name.name().toUpperCase(Locale.ROOT));
    }
    throw new ModelException(expr.position(), "precision must be f64 or f32, not '" + ExprPrinter.parenthesized(expr) + "'");
  }

  static Call requireCall(Expr expr, String what, java.util.Set<String> names) {
    if (expr instanceof NameRef name) {
      expr = new Call(name.position(), name.name(), List.of());
    }
    if (!(expr instanceof Call call)) {
      // adam, the usual choice, rather than adagrad, the first by name
      String example = names.contains("adam") ? "adam" : names.stream().sorted().findFirst().orElse("");
      throw new ModelException(expr.position(), "expected " + what + " such as " + example + "(…), not '"
          + ExprPrinter.parenthesized(expr) + "'");
    }
    if (!names.contains(call.function())) {
      String hint = Suggestions.didYouMean(call.function(), names);
      throw new ModelException(call.position(), "unknown " + what.substring(what.indexOf(' ') + 1) + " '"
          + call.function() + "'" + (hint.isEmpty() ? "; expected one of " + String.join(", ", new java.util.TreeSet<>(names))
              : hint));
    }
    return call;
  }

  static Map<String, Expr> arguments(Call call, List<String> order) {
    Map<String, Expr> arguments = new java.util.LinkedHashMap<>();
    List<Argument> positional = new ArrayList<>();
    boolean named = false;
    for (Argument argument : call.arguments()) {
      if (argument.name() == null) {
        if (named) {
          throw new ModelException(argument.position(), "a positional argument cannot follow a named one in '"
              + ExprPrinter.parenthesized(call) + "'");
        }
        positional.add(argument);
      } else {
        named = true;
      }
    }
    if (positional.size() > order.size()) {
      throw new ModelException(call.position(), call.function() + " takes at most " + order.size()
          + (order.size() == 1 ? " argument (" : " arguments (") + String.join(", ", order) + ")");
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

  static double positive(Expr expr, String what) {
    double value = Literals.number(expr, what);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ModelException(expr.position(), what + " must be positive, not " + value);
    }
    return value;
  }

  static double nonNegative(Expr expr, String what) {
    double value = Literals.number(expr, what);
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ModelException(expr.position(), what + " must not be negative, not " + value);
    }
    return value;
  }

  static double fraction(Expr expr, String what) {
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

  static int nonNegativeInt(Expr expr, String what) {
    if (!(expr instanceof NumberLit number) || !number.integer() || number.value() > Integer.MAX_VALUE) {
      throw new ModelException(expr.position(), what + " must be a non-negative integer, not '"
          + ExprPrinter.parenthesized(expr) + "'");
    }
    return (int) number.value();
  }
}
