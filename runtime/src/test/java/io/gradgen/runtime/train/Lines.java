package io.gradgen.runtime.train;

import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.util.Random;

/** Test data and configurations for {@link LinearKernel}. */
final class Lines {
  private Lines() {}

  /** {@code rows} points on {@code y = 2x + 1} with a little noise, from a fixed seed. */
  static Dataset data(int rows) {
    Random random = new Random(1);
    double[] values = new double[2 * rows];
    for (int i = 0; i < rows; i++) {
      double x = random.nextDouble();
      values[2 * i] = x;
      values[2 * i + 1] = 2 * x + 1 + 0.1 * random.nextGaussian();
    }
    return new Dataset("line", rows, 2, values);
  }

  static TrainingConfig config(OptimizerSpec optimizer, int batch, int epochs) {
    return new TrainingConfig(
        optimizer, batch, epochs, false, 0L, null, ScheduleSpec.constant(), null, null,
        TrainingConfig.Reduction.MEAN, Precision.F64);
  }

  static TrainingConfig sgd(double lr, int batch, int epochs) {
    return config(OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, lr), batch, epochs);
  }

  static TrainingConfig with(TrainingConfig c, boolean shuffle, Double split, Double clip, Integer patience) {
    return new TrainingConfig(
        c.optimizer(), c.batchSize(), c.epochs(), shuffle, 7L, split, c.schedule(), clip, patience,
        c.reduction(), c.precision(), c.minDelta(), c.restoreBest());
  }

  static TrainingConfig epochs(TrainingConfig c, int epochs) {
    return new TrainingConfig(
        c.optimizer(), c.batchSize(), epochs, c.shuffle(), c.shuffleSeed(), c.split(), c.schedule(),
        c.clip(), c.patience(), c.reduction(), c.precision(), c.minDelta(), c.restoreBest());
  }
}
