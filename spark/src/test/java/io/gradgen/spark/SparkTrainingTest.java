package io.gradgen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training on Spark ({@code local[2]}) gives the bits of training without it: every training
 * sample and a 200,000-row data set, with 1, 2, 3 and 7 partitions, the same parameters, losses,
 * validation losses, metrics and histories (all but the seconds), the same steps and stop.
 */
class SparkTrainingTest {
  static final int[] PARTITIONS = {1, 2, 3, 7};
  static JavaSparkContext spark;

  @TempDir static Path folder;

  @BeforeAll
  static void start() {
    spark = new JavaSparkContext(SparkDistributed.conf("local[2]", "gradgen tests"));
    SparkDistributed.share(spark);
  }

  @AfterAll
  static void stop() {
    SparkDistributed.share(null);
    spark.stop();
  }

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../samples"))) {
      return files.filter(f -> f.toString().endsWith(".model")).sorted().toList().stream();
    }
  }

  /**
   * A Spark job per step costs milliseconds, and a sample's run takes up to 4,000 steps: here each
   * sample's first {@value #SAMPLE_EPOCHS} epochs (with its settings otherwise), which has every
   * kind of step it has; the launcher check in docs/SPARK.md compares whole runs' saved params.
   */
  static final int SAMPLE_EPOCHS = 3;

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleTrainsToTheSameBits(Path sample) {
    CheckedModel checked = Pipeline.check(sample);
    TrainingConfig config = checked.training();
    if (config.optimizer().kind() == OptimizerSpec.Kind.NEWTON) {
      // Refused on Spark (SparkFailuresTest); the sample's data and loss still go through the
      // cluster with L-BFGS, the optimizer its comment suggests beside newton.
      config = config.withOptimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.LBFGS, 1));
    }
    sameBits(checked, config.withEpochs(Math.min(config.epochs(), SAMPLE_EPOCHS)), checked.dataFile());
  }

  /**
   * 200,000 rows (13 blocks of 16,384): full batch with a split (the blocks of the validation rows
   * start at its first row), mini-batches of 5,000 rows that straddle partitions, shuffled, Adam
   * with clipping and a schedule, in f64 and f32.
   */
  @Test
  void twoHundredThousandRowsTrainToTheSameBits() throws IOException {
    double[] values = rows(200_000);
    Path csvFile = folder.resolve("rows.csv");
    StringBuilder csv = new StringBuilder("x1,x2,x3,y\n");
    for (int row = 0; row < 200_000; row++) {
      for (int i = 0; i < 4; i++) {
        csv.append(values[row * 4 + i]).append(i < 3 ? ',' : '\n');
      }
    }
    Files.writeString(csvFile, csv);
    io.gradgen.runtime.data.NpyWriter.write(folder.resolve("rows.npy"), 200_000, 4, values);
    for (String[] run : new String[][] {
        {"rows.csv", "optimizer sgd(lr = 0.1)  batch full  epochs 3  split 0.8"},
        {"rows.npy", "optimizer adam(lr = 0.01)  batch 5000  epochs 2  shuffle seed 4  split 0.75  clip 1"
            + "  schedule step(1, 0.5)"},
        {"rows.npy", "optimizer momentum(lr = 0.05, beta = 0.9)  batch 40000  epochs 2  precision f32"},
        {"rows.npy", "optimizer sgd(lr = 1e6)  batch 20000  epochs 2"}}) { // diverges in its first epoch
      sameBits(rowsModel(run[0], run[1]), null);
    }
  }

  /** 200,000 rows of y = 0.5 + 2·x1 − x2 + x3²/4 + noise, the x uniform in (−1, 1), row-major. */
  static double[] rows(int count) {
    double[] values = new double[count * 4];
    SplittableRandom random = new SplittableRandom(23);
    for (int row = 0; row < count; row++) {
      double x1 = random.nextDouble(-1, 1);
      double x2 = random.nextDouble(-1, 1);
      double x3 = random.nextDouble(-1, 1);
      double y = 0.5 + 2 * x1 - x2 + 0.25 * x3 * x3 + random.nextDouble(-0.1, 0.1);
      values[row * 4] = x1;
      values[row * 4 + 1] = x2;
      values[row * 4 + 2] = x3;
      values[row * 4 + 3] = y;
    }
    return values;
  }

  /** A checkpoint's state resumed on Spark gives the uninterrupted local run's bits. */
  @Test
  void aResumedRunGivesTheUninterruptedBits() throws IOException {
    io.gradgen.runtime.data.NpyWriter.write(folder.resolve("resume.npy"), 50_000, 4, rows(50_000));
    CheckedModel checked = rowsModel("resume.npy",
        "optimizer adam(lr = 0.01)  batch 20000  epochs 4  shuffle seed 9  split 0.8");
    TrainingConfig config = checked.training();
    CompiledModel compiled = Gradgen.compileTiered(checked, config.precision());
    double[] start = compiled.initialParams(0);
    TrainingResult whole = new Trainer(config, 2).train(
        compiled.objective(DataLoader.read(checked.dataFile(), compiled.layout())), start, null, null);
    try (SparkObjective objective = SparkDistributed.open(spark, false, compiled, checked.dataFile().toString(),
        config, 3)) {
      TrainingResult half = new Trainer(config.withEpochs(2), 2).train(objective, start, null, null);
      TrainingResult resumed = new Trainer(config, 2).train(objective, start, half.state(), null);
      assertEquals(bits(whole.params()), bits(resumed.params()));
      assertEquals(bits(whole.loss()), bits(resumed.loss()));
      assertEquals(bits(whole.history().get(3).trainLoss()), bits(resumed.history().get(1).trainLoss()));
    }
  }

  /** The model of the 200,000-row tests over {@code file}, with {@code train} as its train block. */
  static CheckedModel rowsModel(String file, String train) throws IOException {
      Path model = folder.resolve("rows.model");
      Files.writeString(model, """
          model Rows
          data "%s"
          input x[3] <- x1, x2, x3
          target y
          param w[3] = 0
          param c = 0
          param q = 0.1
          output yhat = sum(w * x) + c + q * x[2] * x[2]
          loss mse(yhat, y)
          train { %s }
          """.formatted(file, train));
      return Pipeline.check(model);
  }

  static void sameBits(CheckedModel checked, TrainingConfig config) {
    sameBits(checked, config == null ? checked.training() : config, checked.dataFile());
  }

  /** The local run and a run on each partition count: the same results to the bit. */
  static void sameBits(CheckedModel checked, TrainingConfig config, Path file) {
    CompiledModel compiled = Gradgen.compileTiered(checked, config.precision());
    Dataset data = compiled.layout().hasInputs() ? DataLoader.read(file, compiled.layout()) : Dataset.none();
    double[] start = compiled.initialParams(0);
    TrainingResult local = new Trainer(config, 2).train(compiled.objective(data), start, null, null);
    for (int partitions : PARTITIONS) {
      try (SparkObjective objective = SparkDistributed.open(spark, false, compiled,
          file == null ? null : file.toString(), config, partitions)) {
        TrainingResult distributed = new Trainer(config, 2).train(objective, start, null, null);
        assertSame(local, distributed, checked.name() + " on " + partitions + " partitions");
      }
    }
  }

  static void assertSame(TrainingResult expected, TrainingResult actual, String what) {
    assertEquals(describe(expected), describe(actual), what);
  }

  /** Every number of a result but the seconds, as exact bits. */
  static String describe(TrainingResult result) {
    List<String> parts = new ArrayList<>();
    parts.add("loss " + bits(result.loss()) + " validation " + bits(result.validationLoss()));
    parts.add("epochs " + result.epochs() + " steps " + result.steps() + " " + result.stopped() + " "
        + result.divergedEpoch() + " best " + result.bestEpoch());
    parts.add("params " + bits(result.params()));
    parts.add("metrics " + bits(result.metrics()) + " " + bits(result.validationMetrics()));
    parts.add("state " + bits(result.state().params()) + " " + result.state().epoch());
    for (EpochRecord record : result.history()) {
      parts.add(record.epoch() + " " + bits(record.trainLoss()) + " " + bits(record.validationLoss()) + " "
          + bits(record.learningRate()) + " " + bits(record.metrics()) + " " + bits(record.validationMetrics()));
    }
    return String.join("\n", parts);
  }

  static String bits(Double value) {
    return value == null ? "-" : Long.toHexString(Double.doubleToRawLongBits(value));
  }

  static String bits(double[] values) {
    if (values == null) {
      return "-";
    }
    StringBuilder text = new StringBuilder("[");
    for (double value : values) {
      text.append(bits(value)).append(' ');
    }
    return text.append(']').toString();
  }

  @Test
  void partitionsHoldWholeBlocks() {
    try (SparkObjective objective = SparkDistributed.open(spark, false,
        Gradgen.compileTiered(Pipeline.check(Path.of("../samples/line-fit.model")), io.gradgen.runtime.Precision.F64),
        "../samples/line-fit.csv", Pipeline.check(Path.of("../samples/line-fit.model")).training(), 3)) {
      assertEquals("[0, 0, 80, 100]", objective.cuts().toString()); // 2 blocks over 3 parts: the first empty
      assertTrue(objective.rows() == 100);
    }
  }

}
