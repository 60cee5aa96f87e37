package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.check.Checker;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SecondOrderCorpusTest {
  private static final int WIDTH = 7;

  static Stream<Arguments> models() {
    return FiniteDifferenceCorpusTest.models();
  }

  static Dataset data(String name, boolean withData) {
    if (!withData) {
      return Dataset.none();
    }
    SplittableRandom random = new SplittableRandom(name.hashCode());
    int rows = 5;
    double[] values = new double[rows * WIDTH];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.1 + random.nextDouble();
    }
    return new Dataset(name, rows, WIDTH, values);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void hessianVectorProductsAgree(String name, String source, boolean withData) {
    io.gradgen.check.CheckedModel checked =
        Checker.check(ModelReader.parse(source, name + ".model"), Path.of(name + ".model"));
    CompiledModel model = Gradgen.compileWithHessian(checked, Precision.F64);
    Dataset data = data(name, withData);
    Objective generated = model.objective(data);
    SplittableRandom random = new SplittableRandom(name.hashCode() + 1);
    double[] start = model.initialParams(1);
    for (int point = 0; point < 3; point++) {
      double[] params = start.clone();
      double[] v = new double[params.length];
      for (int i = 0; i < params.length; i++) {
        params[i] += random.nextGaussian() * 0.5;
        v[i] = random.nextGaussian();
      }
      generated.setParameters(params.clone());
      double[] g = new double[params.length];
      double loss = generated.lossAndGradient(0, generated.rows(), g);
      double[] g2 = new double[params.length];
      double[] hv = new double[params.length];
      double loss2 = generated.lossGradientAndHessianVector(0, generated.rows(), v, g2, hv);
      assertEquals(Double.doubleToLongBits(loss), Double.doubleToLongBits(loss2), name + " loss");
      assertArrayEquals(g, g2, 0, name + " gradient");
      double[] fd = HessianCheck.centralDifferences(generated, params, v);
      if (fd == null) {
        continue;
      }
      double scale = 1e-3;
      for (double value : g) {
        scale = Math.max(scale, 1e-2 * Math.abs(value));
      }
      for (int i = 0; i < params.length; i++) {
        double error = Math.abs(hv[i] - fd[i]) / Math.max(Math.max(Math.abs(hv[i]), Math.abs(fd[i])), scale);
        assertTrue(error < 1e-5, name + ": element " + i + " hv " + hv[i] + " fd " + fd[i] + " at point " + point);
      }
    }
  }
}
