package io.gradgen.cli;

import io.gradgen.Backend;
import io.gradgen.Backends;
import io.gradgen.Pipeline;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.check.TrainingSettings;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.Shapes;
import io.gradgen.runtime.data.DataException;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Decimal;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The model argument and the options every model command shares. {@code --backend} names one of
 * {@link Backends#installed()}; {@link #prepare} resolves it once the model is checked ({@code
 * auto} looks at the model) and has that backend prepare the model.
 */
final class ModelOptions {
  @Parameters(index = "0", paramLabel = "MODEL", description = "the .model file")
  Path model;

  @Option(names = "--data", paramLabel = "FILE", description = "data file (.csv or .npy); overrides the model's")
  Path data;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = Backends.JAVA, completionCandidates = BackendNames.class,
      description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); each is described below")
  String backend;

  // A list, not picocli's map: a map would keep the last of a=1,a=2 without a word.
  @Option(names = "--at", paramLabel = "NAME=VALUE", split = ",",
      description = "set scalar params before running: --at a=5,b=6")
  List<String> at = new ArrayList<>();

  @Option(names = "--json", description = "machine-readable output on stdout")
  boolean json;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "seed for initialisation and shuffling")
  long seed;

  /** What {@code --backend} accepts, for {@code --help}: this build's backends and auto. */
  static final class BackendNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Backends.installed().choices().iterator();
    }
  }

  CheckedModel check() {
    return Pipeline.check(model);
  }

  /** A command's {@code --precision f32|f64} (checked where every setting is), or {@code otherwise}. */
  static Precision precision(String given, Precision otherwise) {
    return given == null ? otherwise : TrainingSettings.precisionOption(given);
  }

  /** A command's {@code --threads N}, or the machine's cores when it was not given. */
  static int threads(Integer given) {
    int threads = given != null ? given : Runtime.getRuntime().availableProcessors();
    if (threads < 1) {
      throw new UsageError("--threads must be at least 1");
    }
    return threads;
  }

  /**
   * The backend {@code --backend} chooses for {@code checked} in {@code precision}: an unknown name
   * is bad input (exit 2); a backend this build or machine lacks is a failed run (exit 1).
   */
  Backend backend(CheckedModel checked, Precision precision) {
    try {
      return Backends.installed().choose(backend, checked, precision);
    } catch (Backends.Refusal refusal) {
      switch (refusal.reason()) {
        case UNKNOWN -> throw new UsageError(refusal.getMessage());
        case NOT_IN_BUILD -> throw new RunFailure("--backend " + backend + ": " + refusal.getMessage()
            + "; use --backend java (this build has " + Format.listed(names(), "and") + ")");
        default -> throw new RunFailure(refusal.getMessage() + "; use --backend java");
      }
    }
  }

  private static List<String> names() {
    return Backends.installed().all().stream().map(Backend::name).toList();
  }

  /** {@code checked} prepared to run in {@code precision} by the chosen backend. */
  PreparedModel prepare(CheckedModel checked, Precision precision) {
    return backend(checked, precision).prepare(checked, precision);
  }

  /** The files the command reads, by what they are to a user: the model file and its data file. */
  Map<String, Path> inputs(CheckedModel checked) {
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("model file", model);
    inputs.put("data file", data != null ? data : checked.dataFile());
    return inputs;
  }

  /** The objective the backend computes, over the model's data. */
  Objective objective(PreparedModel prepared) {
    return prepared.objective(dataset(prepared));
  }

  /** The model's data: --data, else its {@code data} file; a model without inputs has one empty row. */
  Dataset dataset(PreparedModel prepared) {
    return dataset(prepared, false);
  }

  /** As {@link #dataset(PreparedModel)}; with {@code targetsOptional}, a file may lack the targets (for predict). */
  Dataset dataset(PreparedModel prepared, boolean targetsOptional) {
    ModelLayout layout = prepared.layout();
    if (!layout.hasInputs()) {
      return Dataset.none();
    }
    Path file = data != null ? data : prepared.dataFile();
    if (file == null) {
      throw DataException.in(model, "model " + layout.modelName()
          + " reads inputs but names no data file; add 'data \"FILE.csv\"' or pass --data FILE");
    }
    if (!Files.exists(file)) {
      throw DataException.in(file, data != null ? "file not found" : "file not found (the model's data file)");
    }
    return targetsOptional ? DataLoader.readForPrediction(file, layout) : DataLoader.read(file, layout);
  }

  /**
   * The data file as {@link #dataset(PreparedModel)} finds it, not read (a cluster's machines read
   * it); null for a model without inputs.
   */
  Path dataFile(PreparedModel prepared) {
    if (!prepared.layout().hasInputs()) {
      return null;
    }
    Path file = data != null ? data : prepared.dataFile();
    if (file == null) {
      throw DataException.in(model, "model " + prepared.layout().modelName()
          + " reads inputs but names no data file; add 'data \"FILE.csv\"' or pass --data FILE");
    }
    return file;
  }

  /** Initial params with --at applied, in the order given. */
  double[] initialParams(PreparedModel prepared) {
    double[] params = prepared.initialParams(seed);
    at(prepared.layout()).forEach((offset, value) -> params[offset] = value);
    return params;
  }

  /**
   * {@code --at}'s values by parameter offset, each checked: a scalar param of the model and a
   * finite decimal number ({@link Decimal}: no {@code NaN} or {@code Infinity}, which no parameter
   * can start from). Called before any work, and again to apply them.
   */
  Map<Integer, Double> at(ModelLayout layout) {
    Map<Integer, Double> values = new LinkedHashMap<>();
    List<String> seen = new ArrayList<>();
    for (String given : at) {
      int equals = given.indexOf('=');
      String name = equals < 0 ? "" : given.substring(0, equals).trim();
      if (name.isEmpty()) {
        throw new UsageError("--at expects NAME=VALUE, not '" + Format.escaped(given) + "'");
      }
      if (seen.contains(name)) {
        throw new UsageError("--at: '" + Format.escaped(name) + "' is given twice");
      }
      seen.add(name);
      String text = given.substring(equals + 1).trim();
      ParamSlot slot = layout.param(name).orElseThrow(() ->
          new UsageError("--at: model " + layout.modelName() + " has no param '" + Format.escaped(name) + "'"
              + UsageWords.suggestion(name, layout.params().stream().map(ParamSlot::name).toList())));
      if (!slot.shape().isEmpty()) {
        throw new UsageError("--at: param '" + name + "' has shape " + Shapes.format(slot.shape())
            + "; --at sets scalars only");
      }
      if (!Decimal.isDecimal(text)) {
        throw new UsageError("--at: '" + Format.escaped(text) + "' is not a number");
      }
      double value = Double.parseDouble(text);
      if (Double.isInfinite(value)) {
        throw new UsageError("--at: " + name + "=" + text + " is too large for a number");
      }
      values.put(slot.offset(), value);
    }
    return values;
  }

  /**
   * What {@code grad} and {@code hessian} divide the sums over all {@code rows} by: the row count
   * where the model has inputs and its {@code reduction} is {@code mean} (the default), else 1
   * (exact: the sums are left as they are).
   */
  static int divisor(CheckedModel checked, int rows) {
    return checked.layout().hasInputs() && checked.training().reduction() == TrainingConfig.Reduction.MEAN ? rows : 1;
  }

  /**
   * The options that only a model with data can use, refused for one without: {@code --data}, and
   * the command's own of {@code given} (null where an option was not given).
   */
  void requireData(CheckedModel checked, String... given) {
    if (checked.layout().hasInputs()) {
      return;
    }
    List<String> used = new ArrayList<>();
    if (data != null) {
      used.add("--data");
    }
    for (String option : given) {
      if (option != null) {
        used.add(option);
      }
    }
    if (!used.isEmpty()) {
      throw new UsageError(Format.listed(used, "and") + (used.size() == 1 ? " does" : " do") + " not apply: model "
          + checked.name() + " has no inputs or targets, so it has one row and reads no data");
    }
  }

}
