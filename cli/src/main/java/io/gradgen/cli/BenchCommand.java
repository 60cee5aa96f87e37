package io.gradgen.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.Backend;
import io.gradgen.Backends;
import io.gradgen.CompiledModel;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.simd.Simd;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingResult;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradgen bench MODEL}: one epoch of training as {@code gradgen train} runs it (the model's
 * {@code train} block, the same {@link Trainer}), with the backend {@code --backend} names (the
 * generated Java kernel by default; {@code cuda}, {@code auto} as {@code train} chooses) and with the
 * interpreted autograd, on the same data, from
 * the same initial parameters; prints the median time of an epoch for each and their ratio.
 *
 * <p>Timed honestly: a run trains {@code k} epochs (the trainer's own {@code seconds}: no loading,
 * no compiling), as trainings of at most the model's {@code epochs} each, all from the same start. Warm-up: runs that are not counted, {@code k} doubled after any run shorter than
 * {@value #MIN_RUN_SECONDS} s (so that the trainer's per-run set-up and final loss pass weigh
 * little, and the clock's resolution not at all), until {@code --warmup} runs in a row (at least
 * one) were long enough and the warm-up has lasted {@value #MIN_WARMUP_SECONDS} s in all (so that the
 * JIT has compiled the interpreted autograd's ops too, not only the small generated kernel: with
 * fewer warm-up runs the interpreted side was timed half-compiled, several times too slow). Then
 * {@code --repeats} timed runs; an epoch's time is a run's time over the
 * epochs it trained, and the median over the runs is reported.
 *
 * <pre>
 * $ gradgen bench samples/crop-yield.model --threads 1
 * CropYield: one epoch = 5 steps over 15 rows, f64, 1 thread
 *   generated    0.000317232 ms  (median of 5 runs of 262144 epochs)
 *   interpreted  0.00780374 ms  (median of 5 runs of 8192 epochs)
 *   speed-up          24.60×  (interpreted ÷ generated)
 * </pre>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time one epoch of the generated kernel (or the --backend named) against the interpreted autograd.")
final class BenchCommand implements Callable<Integer> {
  static final double MIN_RUN_SECONDS = 0.05;
  static final double MIN_WARMUP_SECONDS = 1.0;
  static final int MAX_EPOCHS = 1 << 24;

  @Spec CommandSpec spec;
  @Mixin ModelOptions options;

  @Option(names = "--precision", paramLabel = "f32|f64", description = "precision of both runs (default: the model's, else f64)")
  String precision;

  @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: the cores)")
  Integer threads;

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "5", description = "timed runs (default 5)")
  int repeats;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "runs before timing (default 2)")
  int warmup;

  /** One backend's timing: seconds an epoch, median over the runs, each of {@code epochsPerRun}. */
  record Timing(double secondsPerEpoch, int epochsPerRun, double[] runs, long stepsPerEpoch) {}

  @Override
  public Integer call() {
    if (repeats < 1) {
      throw new UsageError("--repeats must be at least 1, not " + repeats);
    }
    if (warmup < 0) {
      throw new UsageError("--warmup must not be negative, not " + warmup);
    }
    int workers = ModelOptions.threads(threads);
    CheckedModel checked = options.check();
    options.requireData(checked);
    options.at(checked.layout());
    TrainingConfig config = checked.training();
    Precision chosen = ModelOptions.precision(precision, config.precision());
    // --backend names what is timed against the interpreted autograd, as it names what train runs:
    // the generated Java kernel by default, the GPU's kernel with cuda (interpreted times it against itself).
    Backend timed = options.backend(checked, chosen);
    PreparedModel compiled = timed.prepare(checked, chosen);
    Dataset rows = options.dataset(compiled);
    double[] start = options.initialParams(compiled);
    Objective generated = compiled.objective(rows);
    Objective interpreted = Backends.installed().interpreted().prepare(checked, chosen).objective(rows);
    Timing fast = time(generated, start, config, chosen, workers);
    Timing slow = time(interpreted, start, config, chosen, workers);
    print(compiled.layout().modelName(), timed.name(), compiled instanceof CompiledModel java && java.simd(),
        generated.rows(), chosen, workers, fast, slow);
    return 0;
  }

  private Timing time(Objective objective, double[] start, TrainingConfig config, Precision chosen, int workers) {
    int epochs = 1;
    int warmed = 0;
    double warmingSeconds = 0;
    while (warmed < Math.max(1, warmup) || warmingSeconds < MIN_WARMUP_SECONDS) {
      double seconds = run(objective, start, config, chosen, workers, epochs)[0];
      warmingSeconds += seconds;
      if (seconds < MIN_RUN_SECONDS && epochs < MAX_EPOCHS) {
        epochs *= 2;
        warmed = 0;
      } else {
        warmed++;
      }
    }
    double[] runs = new double[repeats];
    long steps = 0;
    for (int i = 0; i < repeats; i++) {
      double[] run = run(objective, start, config, chosen, workers, epochs);
      runs[i] = run[0] / run[1];
      steps = Math.round(run[2] / run[1]);
    }
    double[] sorted = runs.clone();
    Arrays.sort(sorted);
    double median = repeats % 2 == 1 ? sorted[repeats / 2] : (sorted[repeats / 2 - 1] + sorted[repeats / 2]) / 2;
    return new Timing(median, epochs, runs, steps);
  }

  /**
   * {@code epochs} epochs as back-to-back trainings from {@code start} of at most the model's own
   * epoch count each (so a run never trains further than the model does, nor diverges where it
   * would not); returns {seconds, epochs, steps}.
   */
  private static double[] run(Objective objective, double[] start, TrainingConfig config, Precision chosen,
      int workers, int epochs) {
    double[] total = new double[3];
    int most = Math.max(1, config.epochs());
    for (int left = epochs; left > 0; left -= most) {
      TrainingResult result = train(objective, start, config, chosen, workers, Math.min(left, most));
      total[0] += result.seconds();
      total[1] += result.epochs();
      total[2] += result.steps();
    }
    return total;
  }

  private static TrainingResult train(Objective objective, double[] start, TrainingConfig c, Precision chosen,
      int workers, int epochs) {
    TrainingConfig config = c.withEpochs(epochs).withPrecision(chosen);
    TrainingResult result;
    try {
      result = new Trainer(config, workers).train(objective, start, null, null);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    if (result.stopped() == TrainingResult.Stopped.DIVERGED) {
      throw new RunFailure("training diverged at epoch " + result.divergedEpoch()
          + ", so an epoch cannot be timed; give the model a smaller learning rate");
    }
    return result;
  }

  private void print(String model, String backend, boolean simd, int rows, Precision chosen, int workers, Timing fast,
      Timing slow) {
    // The Java kernel keeps its old name, "generated"; another backend's line is named after it.
    String label = backend.equals(Backends.JAVA) ? "generated" : backend;
    double ratio = slow.secondsPerEpoch() / fast.secondsPerEpoch();
    String precisionName = chosen.name().toLowerCase(Locale.ROOT);
    PrintWriter out = spec.commandLine().getOut();
    if (options.json) {
      ObjectNode json = Format.object();
      json.put("model", model);
      json.put("backend", backend);
      json.put("rows", rows);
      json.put("stepsPerEpoch", fast.stepsPerEpoch());
      json.put("precision", precisionName);
      json.put("threads", workers);
      json.put("simd", simd);
      json.put("warmup", warmup);
      json.put("repeats", repeats);
      json.set("generated", json(fast));
      json.set("interpreted", json(slow));
      json.set("ratio", Format.json(ratio));
      out.println(Format.json(json));
      out.flush();
      return;
    }
    out.print(model + ": one epoch = " + fast.stepsPerEpoch()
        + (fast.stepsPerEpoch() == 1 ? " step" : " steps") + " over " + rows + (rows == 1 ? " row" : " rows")
        + ", " + precisionName + ", " + workers + (workers == 1 ? " thread" : " threads")
        + ", SIMD " + (simd ? "on" : Simd.enabled() ? "off" : Simd.status()) + "\n"
        + line(label, fast) + line("interpreted", slow)
        + String.format(Locale.ROOT, "  %-12s %10.2f×  (interpreted ÷ %s)%n", "speed-up", ratio, label));
    out.flush();
  }

  private String line(String name, Timing timing) {
    return String.format(Locale.ROOT, "  %-12s %10s ms  (median of %d runs of %d %s)%n", name,
        Format.number(timing.secondsPerEpoch() * 1000), repeats, timing.epochsPerRun(),
        timing.epochsPerRun() == 1 ? "epoch" : "epochs");
  }

  private static ObjectNode json(Timing timing) {
    ObjectNode json = Format.object();
    json.set("secondsPerEpoch", Format.json(timing.secondsPerEpoch()));
    json.put("epochsPerRun", timing.epochsPerRun());
    ArrayNode runs = json.putArray("runSecondsPerEpoch");
    for (double run : timing.runs()) {
      runs.add(Format.json(run));
    }
    return json;
  }
}
