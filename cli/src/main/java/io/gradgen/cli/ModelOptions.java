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
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
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

  @Option(names = "--at", paramLabel = "NAME=VALUE", split = ",", mapFallbackValue = Option.NULL_VALUE,
      description = "set scalar params before running: --at a=5,b=6")
  Map<String, String> at = new LinkedHashMap<>();

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
        default -> throw new RunFailure("--backend " + backend + ": " + refusal.getMessage() + "; use --backend java");
      }
    }
  }

  private static java.util.List<String> names() {
    return Backends.installed().all().stream().map(Backend::name).toList();
  }

  /** {@code checked} prepared to run in {@code precision} by the chosen backend. */
  PreparedModel prepare(CheckedModel checked, Precision precision) {
    return backend(checked, precision).prepare(checked, precision);
  }

  /** The objective the backend computes, over the model's data. */
  Objective objective(PreparedModel prepared) {
    return prepared.objective(dataset(prepared));
  }

  /** The model's data: --data, else its {@code data} file; a model without inputs has one empty row. */
  Dataset dataset(PreparedModel prepared) {
    ModelLayout layout = prepared.layout();
    if (!layout.hasInputs()) {
      return Dataset.none();
    }
    Path file = data != null ? data : prepared.dataFile();
    if (file == null) {
      throw new UsageError(model + ": model " + layout.modelName()
          + " reads inputs but names no data file; add 'data \"FILE.csv\"' or pass --data FILE");
    }
    if (!Files.exists(file)) {
      throw new UsageError(file + ": no such data file");
    }
    return DataLoader.read(file, layout);
  }

  /** Initial params with --at applied, in the order given. */
  double[] initialParams(PreparedModel prepared) {
    ModelLayout layout = prepared.layout();
    double[] params = prepared.initialParams(seed);
    for (Map.Entry<String, String> assignment : at.entrySet()) {
      String name = assignment.getKey().trim();
      if (assignment.getValue() == null || assignment.getKey().isEmpty()) {
        String given = assignment.getValue() == null ? assignment.getKey() : assignment.getKey() + "=" + assignment.getValue();
        throw new UsageError("--at expects NAME=VALUE, not '" + given + "'");
      }
      String text = assignment.getValue().trim();
      ParamSlot slot = layout.param(name).orElseThrow(() ->
          new UsageError("--at: model " + layout.modelName() + " has no param '" + name + "'"));
      if (!slot.shape().isEmpty()) {
        throw new UsageError("--at: param '" + name + "' has shape " + Shapes.format(slot.shape())
            + "; --at sets scalars only");
      }
      try {
        params[slot.offset()] = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new UsageError("--at: '" + text + "' is not a number");
      }
    }
    return params;
  }
}
