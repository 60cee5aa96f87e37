package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.train.OptimizerSpec;
import org.junit.jupiter.api.Test;

/** lbfgs' and newton's arguments as {@link TrainingSettings} reads them (bad ones: bad-input/curv.cases). */
class CurvatureSettingsTest {

  private static OptimizerSpec spec(String text) {
    return TrainingSettings.optimizer(ModelReader.parseExpression(text, "--optimizer"));
  }

  @Test
  void lbfgsDefaultsAreTorchOptimLbfgss() {
    OptimizerSpec lbfgs = spec("lbfgs");
    assertEquals(OptimizerSpec.Kind.LBFGS, lbfgs.kind());
    assertEquals(1, lbfgs.lr());
    assertEquals(new OptimizerSpec.Curvature(20, 25, 1e-7, 1e-9, 100, false, 0), lbfgs.curvature());
    assertEquals(lbfgs, spec("lbfgs()"));
  }

  @Test
  void maxEvalDefaultsToMaxIterTimesFiveOverFourRoundedDown() {
    assertEquals(12, spec("lbfgs(max_iter = 10)").curvature().maxEval()); // 10 * 5 // 4
    assertEquals(1, spec("lbfgs(max_iter = 1)").curvature().maxEval(), "torch's 0, which would stop no sooner");
    assertEquals(7, spec("lbfgs(max_iter = 10, max_eval = 7)").curvature().maxEval());
  }

  @Test
  void argumentsByNameAndByPositionInTorchsOrder() {
    OptimizerSpec.Curvature expected = new OptimizerSpec.Curvature(5, 9, 1e-5, 1e-8, 3, true, 0);
    assertEquals(expected, spec("lbfgs(0.5, 5, 9, 1e-5, 1e-8, 3, strong_wolfe)").curvature());
    assertEquals(expected, spec("lbfgs(lr = 0.5, history = 3, line_search = strong_wolfe, max_iter = 5, "
        + "max_eval = 9, tolerance_grad = 1e-5, tolerance_change = 1e-8)").curvature());
    assertEquals(0.5, spec("lbfgs(0.5)").lr());
    assertEquals(false, spec("lbfgs(line_search = none)").curvature().strongWolfe());
  }

  @Test
  void newtonTakesALearningRateAndADamping() {
    OptimizerSpec newton = spec("newton");
    assertEquals(OptimizerSpec.Kind.NEWTON, newton.kind());
    assertEquals(1, newton.lr());
    assertEquals(0, newton.curvature().damping());
    assertEquals(0.25, spec("newton(0.5, 0.25)").curvature().damping());
    assertEquals(0.5, spec("newton(damping = 0.1, lr = 0.5)").lr());
  }

  @Test
  void theCommandLinesLrReplacesTheirsAndKeepsTheOptions() {
    OptimizerSpec lbfgs = spec("lbfgs(history = 5)").withLr(0.1);
    assertEquals(0.1, lbfgs.lr());
    assertEquals(5, lbfgs.curvature().history());
  }

  @Test
  void torchsLongerNamesPointToOurs() {
    ModelException e = assertThrows(ModelException.class, () -> spec("lbfgs(history_size = 10)"));
    assertEquals("lbfgs' history_size (torch.optim.LBFGS's) is 'history' here: lbfgs(history = 10)",
        e.getMessage().substring(e.getMessage().indexOf("lbfgs'")));
  }
}
