package io.gradgen.interpret;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.check.Checker;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The interpreted autograd and the generated kernel agree on loss and gradient. */
class InterpretedObjectiveTest {

  private static void assertAgree(String source, int width, int rows) {
    CompiledModel model = Gradgen.compile(Checker.check(ModelReader.parse(source, "t.model"), Path.of("t.model")),
        Precision.F64);
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[rows * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.1 + random.nextDouble();
    }
    Dataset data = width == 0 ? Dataset.none() : new Dataset("t", rows, width, values);
    Objective generated = model.objective(data);
    Objective interpreted = new InterpretedObjective(model.checked().forward(), model.layout(), data);
    double[] params = new double[model.layout().parameterCount()];
    for (int i = 0; i < params.length; i++) {
      params[i] = random.nextGaussian() * 0.5;
    }
    generated.setParameters(params);
    interpreted.setParameters(params);
    double[] g1 = new double[params.length];
    double[] g2 = new double[params.length];
    double l1 = generated.lossAndGradient(0, generated.rows(), g1);
    double l2 = interpreted.lossAndGradient(0, interpreted.rows(), g2);
    assertEquals(l1, l2, 1e-9 * Math.max(1, Math.abs(l1)));
    for (int i = 0; i < params.length; i++) {
      assertEquals(g1[i], g2[i], 1e-9 * Math.max(1, Math.abs(g1[i])), "gradient element " + i);
    }
    assertEquals(l1, interpreted.loss(0, interpreted.rows()), 1e-9 * Math.max(1, Math.abs(l1)));
  }

  @Test
  void linearRegressionWithMatrixProduct() {
    assertAgree("model M\ninput x[3]\ntarget y[2]\nparam w[2,3]\nparam b[2]\noutput yhat = w @ x + b\nloss mse(yhat, y)\n", 5, 9);
  }

  @Test
  void logisticRegressionWithPenalty() {
    assertAgree("model L\ninput x[4]\ntarget y\nparam w[4]\nparam c\nz = dot(w, x) + c\n"
        + "loss bce_logits(z, y) + 0.01 * norm1(w)\n", 5, 11);
  }

  @Test
  void softmaxCrossEntropyAndNetwork() {
    assertAgree("model N\ninput x[3]\ntarget k\nparam W[4,3]\nparam V[3,4]\nh = tanh(W @ x)\n"
        + "loss softmax_ce(V @ h, k * 2) + huber(h, relu(h), delta = 0.5)\n", 4, 6);
  }

  @Test
  void pureFunction() {
    assertAgree("model P\nparam a\nparam b[2]\nloss a^3 - sum(b^2) + norm(b) * sigmoid(a)\n", 0, 1);
  }
}
