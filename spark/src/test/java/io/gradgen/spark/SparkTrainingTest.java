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
import io.gradgen.runtime.train.Objective;
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

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleTrainsToTheSameBits(Path sample) {
    CheckedModel checked = Pipeline.check(sample);
    sameBits(checked, checked.training(), checked.dataFile());
  }

  /**
   * 200,000 rows (13 blocks of 16,384): full batch with a split (the blocks of the validation rows
   * start at its first row), mini-batches of 5,000 rows that straddle partitions, shuffled, Adam
   * with clipping and a schedule, in f64 and f32.
   */
  @Test
  void twoHundredThousandRowsTrainToTheSameBits() throws IOException {
    Path data = folder.resolve("rows.csv");
    StringBuilder csv = new StringBuilder("x1,x2,x3,y\n");
    SplittableRandom random = new SplittableRandom(23);
    for (int row = 0; row < 200_000; row++) {
      double x1 = random.nextDouble(-1, 1);
      double x2 = random.nextDouble(-1, 1);
      double x3 = random.nextDouble(-1, 1);
      double y = 0.5 + 2 * x1 - x2 + 0.25 * x3 * x3 + random.nextDouble(-0.1, 0.1);
      csv.append(x1).append(',').append(x2).append(',').append(x3).append(',').append(y).append('\n');
    }
    Files.writeString(data, csv);
    for (String train : List.of(
        "optimizer sgd(lr = 0.1)  batch full  epochs 3  split 0.8",
        "optimizer adam(lr = 0.01)  batch 5000  epochs 2  shuffle seed 4  split 0.75  clip 1  schedule step(1, 0.5)",
        "optimizer momentum(lr = 0.05, beta = 0.9)  batch 40000  epochs 2  precision f32")) {
      Path model = folder.resolve("rows.model");
      Files.writeString(model, """
          model Rows
          data "rows.csv"
          input x[3] <- x1, x2, x3
          target y
          param w[3] = 0
          param c = 0
          param q = 0.1
          output yhat = sum(w * x) + c + q * x[2] * x[2]
          loss mse(yhat, y)
          train { %s }
          """.formatted(train));
      CheckedModel checked = Pipeline.check(model);
      sameBits(checked, checked.training(), checked.dataFile());
    }
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

  /** An objective for the tests in this package: a run's Spark objective over {@code file}. */
  static Objective objective(CompiledModel compiled, String file, TrainingConfig config, int partitions) {
    return SparkDistributed.open(spark, false, compiled, file, config, partitions);
  }
}
