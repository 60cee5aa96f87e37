package io.gradgen.cli;

import io.gradgen.Pipeline;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.checkpoint.Checkpoint;
import io.gradgen.runtime.train.OptimizerState;
import io.gradgen.runtime.train.TrainingState;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child JVM of {@link CheckpointKillTest}: saves checkpoint after checkpoint of one model into
 * one file, as {@code --save} does, until it is killed. Checkpoint {@code n} has epoch {@code n}
 * and params {@link #value}{@code (n, j)}, so a reader can tell a whole one from a torn one; after
 * each it prints {@code saved n}.
 */
final class SaveLoop {
  private SaveLoop() {}

  static double value(int checkpoint, int index) {
    return checkpoint + index / 1e6;
  }

  public static void main(String[] args) throws Exception {
    ModelLayout layout = Pipeline.check(Path.of(args[0])).layout();
    Path file = Path.of(args[1]);
    double[] params = new double[layout.parameterCount()];
    for (int n = 1; ; n++) {
      for (int j = 0; j < params.length; j++) {
        params[j] = value(n, j);
      }
      Checkpoint.write(file, layout, new TrainingState(n, n, params, new OptimizerState("sgd", n, Map.of()), null, 0));
      System.out.println("saved " + n);
      System.out.flush();
    }
  }
}
