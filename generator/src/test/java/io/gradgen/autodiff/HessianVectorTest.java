package io.gradgen.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HessianVectorTest {
  private static CheckedModel model(String text) {
    return Checker.check(ModelReader.parse(text, "m.model"), Path.of("m.model"));
  }

  @Test
  void cubicHessianVector() {
    CheckedModel checked = model("model M\nparam a = 5\nparam b = 6\nloss a^3 - b^2 + a * b\n");
    CompiledModel compiled = Gradgen.compileWithHessian(checked, Precision.F64);
    Objective objective = compiled.objective(Dataset.none());
    assertTrue(objective.hasHessianVectorProducts());
    objective.setParameters(new double[] {5, 6});
    double[] g = new double[2];
    double[] hv = new double[2];
    double loss = objective.lossGradientAndHessianVector(0, 1, new double[] {1, 2}, g, hv);
    assertEquals(125 - 36 + 30, loss, 0);
    assertArrayEquals(new double[] {75 + 6, -12 + 5}, g, 0);
    // H = [[6a, 1], [1, -2]] = [[30, 1], [1, -2]]; H·[1, 2] = [32, -3].
    assertArrayEquals(new double[] {32, -3}, hv, 0);
  }

  @Test
  void f32KernelsComputeTheProductInFloat() {
    CheckedModel checked = model("model M\nparam a = 5\nparam b = 6\nloss a^3 - b^2 + a * b\n");
    CompiledModel compiled = Gradgen.compileWithHessian(checked, Precision.F32);
    assertTrue(compiled.kernel() instanceof io.gradgen.runtime.FloatKernel);
    Objective objective = compiled.objective(Dataset.none());
    assertTrue(objective.hasHessianVectorProducts());
    objective.setParameters(new double[] {5, 6});
    double[] g = new double[2];
    double[] hv = new double[2];
    objective.lossGradientAndHessianVector(0, 1, new double[] {1, 2}, g, hv);
    assertArrayEquals(new double[] {32, -3}, hv, 0);
  }

  @Test
  void aModelCompiledWithoutSecondOrderHasNoProduct() {
    CheckedModel checked = model("model M\nparam a = 5\nloss a^3\n");
    CompiledModel compiled = Gradgen.compile(checked, Precision.F64);
    assertTrue(!compiled.javaSource().contains("HessianVector"));
    Objective objective = compiled.objective(Dataset.none());
    assertTrue(!objective.hasHessianVectorProducts());
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
        () -> objective.lossGradientAndHessianVector(0, 1, new double[1], new double[1], new double[1]));
  }
}
