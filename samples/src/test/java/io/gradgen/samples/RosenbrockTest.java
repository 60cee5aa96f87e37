package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's sample, {@code rosenbrock.model}: L-BFGS with the strong-Wolfe line search against
 * SGD, momentum and Adam, in steps and loss evaluations until the loss is within 1e-8 of its
 * minimum 0 (at x = y = 1). L-BFGS gets there in 3 {@code opt.step(closure)} calls, 41 iterations
 * and 53 evaluations, the figures torch.optim.LBFGS gives on the same start (LbfgsTest's "wolfe"
 * case); each first-order optimizer, at about the largest rate that does not diverge, needs
 * thousands of steps of one evaluation each.
 */
class RosenbrockTest {
  private static final double WITHIN = 1e-8;
  private final Samples.Sample sample = Samples.load("rosenbrock.model");

  /** The first epoch whose step starts within 1e-8 of the minimum: the steps before it got there. */
  private int stepsToReach(OptimizerSpec optimizer, int epochs) {
    TrainingConfig config = Samples.withEpochs(Samples.withOptimizer(sample.config(), optimizer), epochs);
    int epoch = Samples.epochsToReach(sample.train(config).history(), 0, WITHIN);
    assertTrue(epoch > 0, optimizer.kind() + " does not get within " + WITHIN + " in " + epochs + " steps");
    return epoch - 1;
  }

  @Test
  void lbfgsWithStrongWolfeReachesTheMinimumInThreeStepsAndFiftyThreeEvaluations() {
    TrainingResult three = sample.train(Samples.withEpochs(sample.config(), 3));
    assertTrue(three.loss() <= WITHIN, "loss " + three.loss());
    assertEquals(1, three.params()[0], 1e-5);
    assertEquals(1, three.params()[1], 1e-5);
    assertEquals(41, three.state().optimizer().step(), "iterations (torch's n_iter)");
    assertEquals(53.0, three.state().optimizer().values().get("func_evals"), "evaluations (torch's func_evals)");
    TrainingResult two = sample.train(Samples.withEpochs(sample.config(), 2));
    assertTrue(two.loss() > WITHIN, "two steps are not enough: " + two.loss());
  }

  @Test
  void firstOrderOptimizersNeedThousandsOfEvaluations() {
    int sgd = stepsToReach(OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, 0.001), 30_000);
    int momentum = stepsToReach(OptimizerSpec.defaults(OptimizerSpec.Kind.MOMENTUM, 0.001), 5_000);
    int adam = stepsToReach(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.01), 5_000);
    // measured: 21442, 2037 and 3787 steps, one evaluation each, against L-BFGS's 53 evaluations
    for (int steps : new int[] {sgd, momentum, adam}) {
      assertTrue(steps > 20 * 53, sgd + " " + momentum + " " + adam);
    }
    assertTrue(momentum < adam && adam < sgd, sgd + " " + momentum + " " + adam);
  }
}
