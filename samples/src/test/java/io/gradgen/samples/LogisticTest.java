package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Issue 22's {@code logistic.model}: logistic regression by Newton's method (CG on the generated
 * Hessian-vector products) and by L-BFGS with strong Wolfe, against PyTorch's figures from {@code
 * samples/pytorch/curvature_cases.py}: Newton as {@code θ − torch.linalg.solve(hessian, g)} with the
 * autograd Hessian, L-BFGS as {@code torch.optim.LBFGS(line_search_fn = "strong_wolfe")}, both
 * with {@code binary_cross_entropy_with_logits}.
 */
class LogisticTest {
  // torch's θ = (w1, w2, b) after Newton steps 1 and 8, and after two L-BFGS steps
  private static final double[] TORCH_NEWTON_1 = {0.7283676727530453, -1.2922988340024328, 0.3897773394850785};
  private static final double[] TORCH_NEWTON_8 = {4.206917089470001, -5.9252802569392165, 0.49734953661246833};
  private static final double[] TORCH_LBFGS_2 = {4.206982806619874, -5.925361355095406, 0.4973538886073585};

  private final Samples.Sample sample = Samples.loadWithHessian("logistic.model");

  @Test
  void newtonStepsAreTorchsNewtonSteps() {
    TrainingResult one = sample.train(Samples.withEpochs(sample.config(), 1));
    assertArrayEquals(TORCH_NEWTON_1, one.params(), 1e-14);
    TrainingResult eight = sample.train();
    assertEquals(8, eight.steps());
    assertArrayEquals(TORCH_NEWTON_8, eight.params(), 1e-13);
    // Newton's quadratic convergence: the ninth step moves less than 1e-7 (7.6e-8), the tenth 1e-13
    TrainingResult nine = sample.train(Samples.withEpochs(sample.config(), 9));
    TrainingResult ten = sample.train(Samples.withEpochs(sample.config(), 10));
    for (int i = 0; i < 3; i++) {
      assertEquals(eight.params()[i], nine.params()[i], 1e-7);
      assertEquals(nine.params()[i], ten.params()[i], 1e-13);
    }
  }

  @Test
  void lbfgsWithStrongWolfeIsTorchsLbfgs() {
    OptimizerSpec lbfgs = OptimizerSpec.defaults(OptimizerSpec.Kind.LBFGS, 1)
        .withCurvature(new OptimizerSpec.Curvature(20, 25, 1e-7, 1e-9, 100, true, 0));
    TrainingResult two = sample.train(Samples.withEpochs(Samples.withOptimizer(sample.config(), lbfgs), 2));
    assertArrayEquals(TORCH_LBFGS_2, two.params(), 1e-12);
    assertTrue(Math.abs(two.loss() - sample.train().loss()) < 1e-9, "both reach the optimum");
  }
}
