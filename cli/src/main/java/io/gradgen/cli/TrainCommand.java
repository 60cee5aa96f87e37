package io.gradgen.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.Backend;
import io.gradgen.Backends;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.check.TrainingSettings;
import io.gradgen.plot.Landscape;
import io.gradgen.plot.PlotParams;
import io.gradgen.plot.TrainingPlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.checkpoint.Checkpoint;
import io.gradgen.runtime.data.DataException;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.History;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingListener;
import io.gradgen.runtime.train.TrainingResult;
import io.gradgen.runtime.train.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradgen train MODEL}: trains with the model's {@code train} block, every setting
 * overridable here; a progress bar or one summary line per epoch (or per 10% of epochs) on stderr
 * ({@link Progress}); the final loss, validation loss and parameters on stdout; {@code --plot} draws
 * the run ({@link TrainingPlot}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train the model and print its parameters.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelOptions options;

  // The accepted forms in the help itself, with their defaults (LANGUAGE.md, "Optimizers" and
  // "Schedules"): a blank description left a user guessing the syntax.
  @Option(names = "--optimizer", paramLabel = "'adam(lr=0.01)'", description = {
      "the optimizer, written as in the train block (default: the model's, else sgd(lr = 0.01)); arguments"
          + " by name or in this order:",
      "  sgd(lr, momentum=0, dampening=0, nesterov=false, weight_decay=0, maximize=false)",
      "  momentum(lr, beta=0.9, nesterov=false)",
      "  adam(lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0, amsgrad=false, maximize=false)",
      "  adamw(lr, beta1=0.9, beta2=0.999, eps=1e-8, decay=0.01, amsgrad=false, maximize=false)",
      "  rmsprop(lr, alpha=0.99, eps=1e-8, momentum=0, centered=false, weight_decay=0, maximize=false)",
      "  adagrad(lr=0.01, lr_decay=0, weight_decay=0, eps=1e-10, initial_accumulator_value=0,"
          + " maximize=false)",
      "  lbfgs(lr=1, max_iter=20, max_eval=max_iter*5/4, tolerance_grad=1e-7, tolerance_change=1e-9,"
          + " history=100, line_search=none|strong_wolfe)",
      "  newton(lr=1, damping=0)"})
  String optimizer;
  @Option(names = "--lr", paramLabel = "X", description = "replaces the optimizer's learning rate") Double lr;
  @Option(names = "--batch", paramLabel = "N|full",
      description = "rows a step: N, or full for every training row (default: the model's, else full)") String batch;
  @Option(names = "--epochs", paramLabel = "N",
      description = "passes over the training rows (default: the model's, else 100)") Integer epochs;
  @Option(names = "--shuffle", negatable = true, description = "shuffle the training rows every epoch") Boolean shuffle;
  @Option(names = "--split", paramLabel = "F", description = "training fraction; the rest is validation") String split;
  @Option(names = "--schedule", paramLabel = "'step(10, 0.5)'", description = {
      "the learning rate of each epoch, a PyTorch scheduler stepped after every epoch (default: the model's,"
          + " else constant); arguments by name or in this order:",
      "  constant", "  step(every, gamma)", "  cosine(period)", "  sgdr(period, mult)", "  exponential(gamma)",
      "  multistep(gamma, m1, m2, ...)", "  linear(start_factor=1/3, end_factor=1, total=5)",
      "  plateau(factor=0.1, patience=10, threshold=1e-4, cooldown=0, min_lr=0)",
      "  warmup(N) then S   (S any of these but plateau)"})
  String schedule;
  @Option(names = "--clip", paramLabel = "N", description = "clip the gradient's L2 norm") Double clip;
  @Option(names = "--no-clip", description = "no clipping, whatever the model says") boolean noClip;
  @Option(names = "--no-split", description = "train on every row, whatever the model says") boolean noSplit;
  @Option(names = "--patience", paramLabel = "N", description = "early stopping: 'stop patience N'") Integer patience;
  @Option(names = "--no-stop", description = "no early stopping, whatever the model says") boolean noStop;
  @Option(names = "--reduction", paramLabel = "mean|sum", description = "the batch loss: mean or sum of the samples'") String reduction;
  @Option(names = "--precision", paramLabel = "f32|f64",
      description = "the kernel's arithmetic (default: the model's, else f64)") String precision;
  @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: the cores)") Integer threads;
  @Option(names = "--save", paramLabel = "FILE.json", description = "write params and optimizer state") Path save;
  @Option(names = "--resume", paramLabel = "FILE.json", description = "continue from a --save file") Path resume;
  @Option(names = "--params", paramLabel = "FILE.json", description = "start from saved params") Path params;
  @Option(names = "--history", paramLabel = "FILE.csv",
      description = "epoch, train loss, validation loss, lr, metrics, seconds") Path history;
  @Option(names = "--plot", paramLabel = "FILE.png|FILE.svg",
      description = "loss curves, and the loss surface or landscape with the path taken") Path plot;
  @Option(names = "--plot-params", paramLabel = "a,b",
      description = "--plot the loss over these two scalar params or elements (w[0,1]), the others at their final values")
  String plotParams;
  @Option(names = "--quiet", description = "no progress bar or lines") boolean quiet;
  @Option(names = "--spark", paramLabel = "MASTER",
      description = "train on a Spark cluster: local[N], spark://HOST:PORT, yarn, k8s://…") String spark;
  @Option(names = "--partitions", paramLabel = "N", description = "with --spark: parts the rows are cut into")
  Integer partitions;

  /** The saved optimizer state fits this run's optimizer, found before the kernel is compiled or the data read. */
  private void requireResumable(TrainingState state, TrainingConfig config, ModelLayout layout) {
    try {
      Trainer.requireResumable(config, layout.parameterCount(), state);
    } catch (IllegalArgumentException e) {
      throw DataException.in(resume, e.getMessage()
          + "; resume with the optimizer it was saved with, or start from its params with --params");
    }
  }

  @Override
  public Integer call() throws IOException {
    // Everything that can be wrong with the command is found before the data is read or a step
    // taken: the output paths, the model, the options against it, the files to start from.
    if (partitions != null && spark == null) {
      throw new UsageError("--partitions cuts the rows for a --spark run; give --spark MASTER too");
    }
    if (resume != null && params != null) {
      throw new UsageError("--resume continues a saved run, params and optimizer state; --params starts a new run"
          + " from saved params: give one of them");
    }
    OutputPaths.file("--save", save);
    OutputPaths.file("--history", history);
    OutputPaths.file("--plot", plot);
    if (plot != null && !TrainingPlot.writable(plot)) {
      throw new UsageError("--plot " + plot + ": a plot is written as PNG or SVG; name the file FILE.png or FILE.svg");
    }
    if (plotParams != null && plot == null) {
      throw new UsageError("--plot-params " + plotParams + " chooses what --plot draws: give --plot FILE.png or FILE.svg too");
    }
    CheckedModel checked = options.check();
    PlotParams plotted = plotParams(checked.layout());
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("--save", save);
    outputs.put("--history", history);
    outputs.put("--plot", plot);
    OutputPaths.distinct(outputs, options.inputs(checked));
    outputs.remove("--save");
    Map<String, Path> checkpoints = new LinkedHashMap<>();
    checkpoints.put("--resume file", resume);
    checkpoints.put("--params file", params);
    OutputPaths.distinct(outputs, checkpoints);
    options.requireData(checked, batch != null ? "--batch" : null, shuffle != null ? "--shuffle" : null,
        split != null ? "--split" : null);
    TrainingConfig config = overrides(checked.training());
    options.at(checked.layout());
    TrainingState state = resume != null ? Checkpoint.read(resume, checked.layout()) : null;
    double[] saved = params != null ? Checkpoint.readParams(params, checked.layout()) : null;
    if (state != null && state.epoch() >= config.epochs()) {
      throw new UsageError("--resume " + resume + ": " + state.epoch() + " epochs are done already, and the run is for "
          + config.epochs() + ": nothing to train; raise --epochs");
    }
    if (state != null) {
      requireResumable(state, config, checked.layout());
    }
    checkHistorySpace(config.epochs() - (state != null ? state.epoch() : 0));
    // Compiled for the run's own settings: a small model's epoch method takes this optimizer's steps.
    Backend chosen = options.backend(checked.withTraining(config), config.precision());
    // Hessian-vector products only for newton: every other run's kernel compiles without them.
    PreparedModel prepared = config.optimizer().kind() == OptimizerSpec.Kind.NEWTON
        ? chosen.prepareWithHessian(checked.withTraining(config), config.precision())
        : chosen.prepare(checked.withTraining(config), config.precision());
    if (options.backend.equals(Backends.AUTO) && !quiet) {
      spec.commandLine().getErr().println("backend: " + chosen.name() + " (chosen by --backend auto)");
    }
    ModelLayout layout = prepared.layout();
    long loadStart = System.nanoTime();
    Objective objective = spark != null ? cluster(prepared, config) : options.objective(prepared);
    double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
    double[] start = saved != null ? saved : options.initialParams(prepared);
    int workers = ModelOptions.threads(threads);
    TrainingResult result;
    int firstEpoch = state != null ? state.epoch() : 0;
    Landscape path = plot != null ? Landscape.of(layout, plotted, state != null ? state.params() : start) : null;
    PrintWriter err = spec.commandLine().getErr();
    // Every epoch streams into the history file (moved into place only once the run is over).
    try (Progress progress = Progress.onStderr(quiet, config.epochs(), firstEpoch, err);
        History.Recorder recorder = history != null ? History.recorder(history, layout.metrics()) : null) {
      progress.showing(layout.metrics());
      result = new Trainer(config, workers).train(objective, start, state, all(progress, path, recorder));
      progress.finish();
      if (recorder != null) {
        recorder.finish();
      }
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (save != null) {
      Checkpoint.write(save, layout, result.state());
    }
    if (objective instanceof Distributed.Session session && plot == null) {
      session.close(); // with a plot, the loss surface is computed on the cluster too
    }
    if (plot != null) {
      TrainingPlot.write(plot, layout, result.history(), path, objective, config.split(), result.params());
    }
    print(result, layout, loadSeconds, prepared.compileSeconds());
    if (result.stopped() == TrainingResult.Stopped.DIVERGED) {
      double lr = config.optimizer().lr();
      err.println("error: training diverged in epoch " + result.divergedEpoch()
          + ": the loss or gradient is no longer finite; try a smaller learning rate, such as --lr "
          + Format.number(lr / 10)
          + (save != null ? " (" + save + " holds the parameters from the start of epoch " + (result.state().epoch() + 1)
              + ", the last with a finite loss, for --resume)" : ""));
      err.flush();
      return 1;
    }
    return 0;
  }

  /** The elements {@code --plot-params} names, or null without it; a bad name is refused before training. */
  private PlotParams plotParams(ModelLayout layout) {
    if (plotParams == null) {
      return null;
    }
    try {
      return PlotParams.parse(plotParams, layout);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /**
   * The objective on the Spark cluster {@link #spark} names (see {@link Distributed}): the java
   * backend's kernel, every optimizer that needs only losses and gradients.
   */
  private Objective cluster(PreparedModel prepared, TrainingConfig config) {
    if (partitions != null && partitions < 1) {
      throw new UsageError("--partitions " + partitions + ": give at least 1");
    }
    if (!(prepared instanceof io.gradgen.CompiledModel)) {
      throw new UsageError("--spark runs the java backend's kernel on the executors, not --backend " + options.backend);
    }
    if (config.optimizer().kind().name().equals("NEWTON")) {
      throw new UsageError("--spark computes losses and gradients on the cluster, not the Hessian-vector products"
          + " newton needs; use lbfgs or a first-order optimizer");
    }
    Distributed provider = Distributed.find();
    if (provider == null) {
      throw new UsageError("--spark needs the gradgen-spark module on the class path; ./gradgen adds it when"
          + " --spark is given");
    }
    return provider.open(prepared, options.dataFile(prepared), config, spark, partitions);
  }

  /** The least a history line takes ("7,0.5,,0.1,0.001"): a run whose history cannot fit on its disk is refused. */
  private static final long HISTORY_BYTES_PER_EPOCH = 16;

  private void checkHistorySpace(long epochs) throws IOException {
    if (history == null) {
      return;
    }
    long needed = epochs * HISTORY_BYTES_PER_EPOCH;
    long free = java.nio.file.Files.getFileStore(history.toAbsolutePath().getParent()).getUsableSpace();
    if (needed > free) {
      throw new UsageError("--history " + history + ": " + epochs + " epochs need at least " + Format.bytes(needed)
          + " there, and " + Format.bytes(free) + " is free");
    }
  }

  /**
   * The progress, the history recorder and the parameter path (each may be null but the first) as
   * one listener. Only the path hears steps, and a listener that does not keeps the epoch kernel.
   */
  static TrainingListener all(Progress progress, Landscape path, History.Recorder recorder) {
    if (path == null && recorder == null) {
      return progress;
    }
    if (path == null) {
      return new TrainingListener() {
        @Override
        public void epoch(EpochRecord record) {
          progress.epoch(record);
          recorder.epoch(record);
        }
      };
    }
    return new TrainingListener() {
      @Override
      public void epoch(EpochRecord record) {
        progress.epoch(record);
        path.epoch(record);
        if (recorder != null) {
          recorder.epoch(record);
        }
      }

      @Override
      public void step(long step, double[] params) {
        path.step(step, params);
      }
    };
  }

  private void print(TrainingResult result, ModelLayout layout, double loadSeconds, double compileSeconds) {
    PrintWriter stdout = spec.commandLine().getOut();
    if (options.json) {
      ObjectNode json = Format.object();
      json.set("loss", Format.json(result.loss()));
      json.set("validationLoss", Format.json(result.validationLoss()));
      json.put("epochs", result.epochs());
      json.put("steps", result.steps());
      json.set("seconds", Format.json(result.seconds()));
      json.set("loadSeconds", Format.json(loadSeconds));
      json.set("compileSeconds", Format.json(compileSeconds));
      json.set("params", Format.jsonParams(layout, result.params()));
      json.put("stopped", result.stopped().keyword());
      if (result.bestEpoch() != null) {
        json.put("bestEpoch", result.bestEpoch()); // restore_best: params and losses are this epoch's
      }
      if (!layout.metrics().isEmpty()) {
        json.set("metrics", metricsJson(layout, result.metrics()));
        json.set("validationMetrics", result.validationMetrics() == null ? com.fasterxml.jackson.databind.node.NullNode
            .instance : metricsJson(layout, result.validationMetrics()));
      }
      stdout.println(Format.json(json));
      stdout.flush();
      return;
    }
    StringBuilder out = new StringBuilder();
    out.append("loss: ").append(Format.number(result.loss())).append('\n');
    if (result.validationLoss() != null) {
      out.append("validation loss: ").append(Format.number(result.validationLoss())).append('\n');
    }
    for (int metric = 0; metric < layout.metrics().size(); metric++) {
      out.append("metric ").append(layout.metrics().get(metric)).append(": ")
          .append(Format.number(result.metrics()[metric]));
      if (result.validationMetrics() != null) {
        out.append("  validation ").append(Format.number(result.validationMetrics()[metric]));
      }
      out.append('\n');
    }
    out.append("stopped: ").append(result.stopped().keyword()).append(" after ").append(result.epochs())
        .append(result.bestEpoch() != null ? " epochs (params of the best, epoch " + result.bestEpoch() + "), "
            : " epochs, ").append(result.steps()).append(" steps, ")
        .append(String.format(java.util.Locale.ROOT, "%.3f", result.seconds())).append(" s\n");
    out.append("params:\n").append(Format.textParams(layout, result.params(), "  "));
    stdout.print(out);
    stdout.flush();
  }

  /** {@code {"abs_err": 0.12, "hit": 0.9}}: the final epoch's metric means by name, in declaration order. */
  private static ObjectNode metricsJson(ModelLayout layout, double[] means) {
    ObjectNode metrics = Format.object();
    for (int metric = 0; metric < means.length; metric++) {
      metrics.set(layout.metrics().get(metric), Format.json(means[metric]));
    }
    return metrics;
  }

  private TrainingConfig overrides(TrainingConfig c) {
    return TrainingSettings.override(c, new TrainingSettings.Options(optimizer, lr, batch, epochs, shuffle,
        options.seed, split, noSplit, schedule, clip, noClip, patience, noStop, reduction, precision));
  }
}
