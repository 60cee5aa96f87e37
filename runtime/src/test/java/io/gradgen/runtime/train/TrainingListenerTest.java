package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingListenerTest {

  /** Keeps a copy of the parameters after every step and counts the epochs it hears about. */
  private static final class Path implements TrainingListener {
    final List<Long> steps = new ArrayList<>();
    final List<double[]> params = new ArrayList<>();
    int epochs;

    @Override
    public void epoch(EpochRecord record) {
      epochs++;
    }

    @Override
    public void step(long step, double[] values) {
      steps.add(step);
      params.add(values.clone());
    }
  }

  @Test
  void stepsAreHeardInOrderEndingAtTheResultsParams() {
    Path path = new Path();
    TrainingResult result = new Trainer(Lines.sgd(0.1, 3, 2), 1)
        .train(KernelObjective.of(new LinearKernel(), Lines.data(10)), new double[] {0, 0}, null, path);
    assertEquals(8, result.steps());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), path.steps);
    assertEquals(2, path.epochs);
    assertArrayEquals(result.params(), path.params.get(7));
  }

  @Test
  void resumedStepsCountFromWhereTheSavedRunStopped() {
    TrainingResult first = new Trainer(Lines.sgd(0.1, 3, 1), 1)
        .train(KernelObjective.of(new LinearKernel(), Lines.data(10)), new double[] {0, 0}, null, null);
    Path path = new Path();
    new Trainer(Lines.sgd(0.1, 3, 2), 1)
        .train(KernelObjective.of(new LinearKernel(), Lines.data(10)), null, first.state(), path);
    assertEquals(List.of(5L, 6L, 7L, 8L), path.steps);
  }

  @Test
  void aLambdaListenerIgnoresSteps() {
    List<Integer> epochs = new ArrayList<>();
    new Trainer(Lines.sgd(0.1, 0, 3), 1).train(
        KernelObjective.of(new LinearKernel(), Lines.data(4)), new double[] {0, 0}, null, r -> epochs.add(r.epoch()));
    assertEquals(List.of(1, 2, 3), epochs);
  }
}
