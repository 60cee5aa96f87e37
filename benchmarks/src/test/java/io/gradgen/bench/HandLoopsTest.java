package io.gradgen.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * The hand-written loops do the very work the product does: one epoch of each, from the model's
 * initial values, ends at the parameters gradgen's trainer reaches (up to summation order), on
 * one and two threads. Small data sets, so that this runs in the build; no timing here.
 */
class HandLoopsTest {
  @Test
  void linearRegressionFullBatchAndBatch256() {
    Dataset data = MakeData.linear(5000, 32, 3);
    for (Job job : new Job[] {Job.LINEAR_FULL, Job.LINEAR_256}) {
      for (int threads = 1; threads <= 2; threads++) {
        for (Precision precision : Precision.values()) {
          Setup setup = new Setup(job, precision, data, threads);
          double[] expected = setup.trainOneEpoch();
          double[] actual = new double[33];
          try (Workers workers = new Workers(threads)) {
            if (precision == Precision.F64) {
              HandLinearF64 hand = new HandLinearF64(data.values(), data.rows(), 32, 1, setup.config.batchSize(),
                  setup.config.optimizer().lr(), false, 0, workers);
              hand.reset(setup.start);
              hand.epoch(0);
              copy(hand.w, hand.b, actual);
            } else {
              HandLinearF32 hand = new HandLinearF32(EpochBench.floats(data.values()), data.rows(), 32, 1,
                  setup.config.batchSize(), setup.config.optimizer().lr(), false, 0, workers);
              hand.reset(setup.start);
              hand.epoch(0);
              copy(hand.w, hand.b, actual);
            }
          }
          assertClose(expected, actual, precision, job + " " + precision + " " + threads);
        }
      }
    }
  }

  @Test
  void cropYieldsUnshuffled() {
    Dataset data = MakeData.crop();
    Setup setup = new Setup(Job.CROP_YIELD, Precision.F64, data, 1);
    double[] expected = setup.trainOneEpoch();
    try (Workers workers = new Workers(1)) {
      HandLinearF64 hand = new HandLinearF64(data.values(), data.rows(), 3, 2, 3, setup.config.optimizer().lr(),
          false, 0, workers);
      hand.reset(setup.start);
      hand.epoch(0);
      double[] actual = new double[8];
      copy(hand.w, hand.b, actual);
      assertClose(expected, actual, Precision.F64, "crop-yield");
    }
  }

  @Test
  void tanhNetworkWithAdam() {
    Dataset data = MakeData.tanh(3000, 32, 16, 5);
    for (int threads = 1; threads <= 2; threads++) {
      for (Precision precision : Precision.values()) {
        Setup setup = new Setup(Job.TANH_NET, precision, data, threads);
        double[] expected = setup.trainOneEpoch();
        double[] actual = new double[expected.length];
        try (Workers workers = new Workers(threads)) {
          if (precision == Precision.F64) {
            HandTanhF64 hand = new HandTanhF64(data.values(), data.rows(), 32, 64, 1000,
                setup.config.optimizer().lr(), setup.start, workers);
            hand.reset(setup.start);
            hand.epoch();
            System.arraycopy(hand.params, 0, actual, 0, actual.length);
          } else {
            HandTanhF32 hand = new HandTanhF32(EpochBench.floats(data.values()), data.rows(), 32, 64, 1000,
                setup.config.optimizer().lr(), setup.start, workers);
            hand.reset(setup.start);
            hand.epoch();
            for (int i = 0; i < actual.length; i++) {
              actual[i] = hand.params[i];
            }
          }
        }
        assertClose(expected, actual, precision, "tanh-net " + precision + " " + threads);
      }
    }
  }

  /** The job's model compiled for {@code precision}, its trainer for one unshuffled epoch. */
  private static final class Setup {
    final CompiledModel compiled;
    final TrainingConfig config;
    final double[] start;
    final Dataset data;
    final int threads;

    Setup(Job job, Precision precision, Dataset data, int threads) {
      CheckedModel checked = Pipeline.check(job.model());
      compiled = Gradgen.compile(checked, precision);
      TrainingConfig c = checked.training();
      config = new TrainingConfig(c.optimizer(), c.batchSize(), 1, false, 0, null, c.schedule(), null, null,
          c.reduction(), precision);
      start = compiled.initialParams(0);
      this.data = data;
      this.threads = threads;
    }

    double[] trainOneEpoch() {
      return new Trainer(config, threads).train(compiled.objective(data), start, null, null).params();
    }
  }

  private static void copy(double[] w, double[] b, double[] out) {
    System.arraycopy(w, 0, out, 0, w.length);
    System.arraycopy(b, 0, out, w.length, b.length);
  }

  private static void copy(float[] w, float[] b, double[] out) {
    for (int i = 0; i < w.length; i++) {
      out[i] = w[i];
    }
    for (int i = 0; i < b.length; i++) {
      out[w.length + i] = b[i];
    }
  }

  private static void assertClose(double[] expected, double[] actual, Precision precision, String what) {
    double tolerance = precision == Precision.F64 ? 1e-9 : 2e-3;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tolerance * Math.max(1, Math.abs(expected[i])), what + ", value " + i);
    }
  }
}
