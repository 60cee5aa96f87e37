package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second-order three-way check on every model of the finite-difference corpus (every op,
 * function, reduction, loss, shape and kink of the language: 81 models): the generated kernel's
 * Hessian-vector product against central differences of its own gradient and against the
 * interpreted backend's (forward over forward), the Hessian's symmetry in both, and the product
 * method's loss and gradient equal to {@code lossAndGradient}'s to the bit; at the initial values
 * and two random points, on the corpus's random rows.
 */
class SecondOrderCorpusTest {
  private static final int WIDTH = 7;

  static Stream<Arguments> models() {
    return FiniteDifferenceCorpusTest.models();
  }

  /** The corpus's rows: five of cells drawn in (0.1, 1.1), from the model's name. */
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

  static CheckedModel checked(String name, String source) {
    return Checker.check(ModelReader.parse(source, name + ".model"), Path.of(name + ".model"));
  }

  /** The params (and "(symmetry)", "(gradient bits)") on which the check fails, for {@code model} compiled as given. */
  static List<String> disagreeing(String name, CheckedModel checked, CompiledModel model, boolean withData) {
    Dataset data = data(name, withData);
    // Around the initial values, not at them: initial zeros sit on the kinks of relu, abs, norm and
    // max, where the gradient jumps and its central differences mean nothing.
    SplittableRandom random = new SplittableRandom(name.hashCode() + 1);
    double[] start = model.initialParams(1);
    for (int i = 0; i < start.length; i++) {
      start[i] += random.nextGaussian() * 0.5;
    }
    HessianAgreement result = HessianAgreement.measure(model.objective(data),
        new InterpretedObjective(checked.forward(), model.layout(), data), start, 2, name.hashCode());
    assertTrue(result.checked() > 0, name + ": no point checked");
    List<String> names = result.disagreeing(GradientAgreement.FD_TOLERANCE, HessianAgreement.BACKEND_TOLERANCE,
        HessianAgreement.SYMMETRY_TOLERANCE);
    if (!names.isEmpty()) {
      System.out.println(name + ":\n" + result);
    }
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void hessianVectorProductsAgreeThreeWays(String name, String source, boolean withData) {
    CheckedModel checked = checked(name, source);
    assertEquals(List.of(), disagreeing(name, checked, Gradgen.compileWithHessian(checked, Precision.F64), withData),
        name);
  }
}
