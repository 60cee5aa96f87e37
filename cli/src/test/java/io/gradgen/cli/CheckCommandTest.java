package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Op;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.NpyWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code gradgen check} as a user runs it: it passes on every LANGUAGE.md example and golden model,
 * fails with exit 1 naming the param when one derivative rule is wrong, and says so when no point
 * has a finite loss.
 */
class CheckCommandTest {
  private static final List<Path> FIXTURES = List.of(
      Path.of("../grammar/src/test/resources/io/gradgen/parse/examples"), Path.of("../generator/src/test/resources/golden"));

  /** sin' taken as sin rather than cos: the kind of slip the oracle is there to catch. */
  private static final AdjointRules WRONG_SIN = AdjointRules.standard().with(Op.SIN, (d, n, y, dy) ->
      d.accumulate(n.input(0), d.graph().mul(dy, d.graph().unary(Op.SIN, n.input(0)))));

  static Stream<Path> examples() throws IOException {
    List<Path> models = new ArrayList<>();
    for (Path folder : FIXTURES) {
      try (Stream<Path> files = Files.list(folder)) {
        files.filter(f -> f.toString().endsWith(".model")).sorted().forEach(models::add);
      }
    }
    assertTrue(models.size() >= 10, "fixtures found: " + models);
    return models.stream();
  }

  /** Every example passes; a model that reads data gets 20 random rows in (0.1, 0.9) as .npy. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void passesOnEveryExample(Path model, @TempDir Path temp) throws Exception {
    ModelLayout layout = Pipeline.check(model).layout();
    List<String> args = new ArrayList<>(List.of("check", model.toString()));
    if (layout.hasInputs()) {
      Path data = temp.resolve("data.npy");
      SplittableRandom random = new SplittableRandom(7);
      int rows = 20;
      double[] values = new double[rows * layout.rowWidth()];
      for (int i = 0; i < values.length; i++) {
        values[i] = 0.1 + 0.8 * random.nextDouble();
      }
      NpyWriter.write(data, rows, layout.rowWidth(), values);
      args.addAll(List.of("--data", data.toString()));
    }
    CliRun run = CliRun.capture(() -> Main.run(args.toArray(String[]::new)));
    assertEquals(0, run.status(), run.out() + run.err());
    assertTrue(run.out().endsWith("gradients agree\n"), run.out());
    assertTrue(run.out().contains("points: 4 checked, 0 skipped"), run.out());
  }

  @Test
  void aWrongRuleFailsNamingTheParam(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param a = 0.3\nparam b = 0.7\nloss sin(a) * 2 + b^2");
    CliRun run = check(model, WRONG_SIN);
    assertEquals(1, run.status(), run.out());
    assertTrue(run.out().endsWith("gradients DISAGREE: a\n"), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("a ") && l.endsWith("DISAGREE")), run.out());
    assertFalse(run.out().lines().anyMatch(l -> l.startsWith("b ") && l.endsWith("DISAGREE")), run.out());
    assertEquals("error: gradients disagree for a\n", run.err());

    CliRun json = check(model, WRONG_SIN, "--json");
    assertEquals(1, json.status());
    assertTrue(json.out().startsWith("{\"agree\": false, \"disagree\": [\"a\"], \"pointsChecked\": 4"), json.out());

    assertEquals(0, check(model, AdjointRules.standard()).status());
  }

  @Test
  void jsonHoldsTheTableFigures(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param a = 5\nparam b = 6\nloss a^3 - b^2");
    CliRun run = CliRun.capture(() -> Main.run("check", model.toString(), "--json"));
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().matches("\\{\"agree\": true, \"disagree\": \\[], \"pointsChecked\": 4, \"pointsSkipped\": 0, "
        + "\"tolerance\": \\{\"finiteDifferences\": 1.0E-5, \"backends\": 1.0E-9}, \"worstRelativeError\": "
        + "\\{\"a\": \\{\"generatedVsFiniteDifferences\": [^,]+, \"interpretedVsFiniteDifferences\": [^,]+, "
        + "\"generatedVsInterpreted\": 0.0}, \"b\": \\{.*}}, \"lossRelativeError\": 0.0, \"notComparable\": \\[]}\n"), run.out());
  }

  /** log(a) at a = 0.4: draws that push a below 0 are drawn again nearer, and never fail the check. */
  @Test
  void pointsOutsideTheDomainAreDrawnAgainNotFailed(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param a = 0.4\nloss log(a) + sqrt(a)");
    CliRun run = CliRun.capture(() -> Main.run("check", model.toString(), "--points", "20"));
    assertEquals(0, run.status(), run.out() + run.err());
    assertTrue(run.out().contains("points: 21 checked, 0 skipped"), run.out());
  }

  @Test
  void noFinitePointIsAFailureSaidPlainly(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param a = -20\nloss log(a)");
    CliRun run = CliRun.capture(() -> Main.run("check", model.toString()));
    assertEquals(1, run.status(), run.out());
    assertTrue(run.out().contains("points: 0 checked, 4 skipped"), run.out());
    assertEquals("error: no point with a finite loss to check the gradient at\n", run.err());
  }

  /** relu' taken as twice the step: wrong wherever relu's argument is positive, right at and below its kink. */
  private static final AdjointRules WRONG_RELU = AdjointRules.standard().with(Op.RELU, (d, n, y, dy) -> {
    int step = d.graph().mul(dy, d.graph().unary(Op.STEP, n.input(0)));
    d.accumulate(n.input(0), d.graph().add(step, step));
  });

  /** The example: relu(x) + abs(x) at x = 0 is not comparable by finite differences there, and passes. */
  @Test
  void aStencilAcrossAKinkIsNotComparableAndPasses(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param x = 0\nloss relu(x) + abs(x)");
    CliRun run = CliRun.capture(() -> Main.run("check", model.toString()));
    assertEquals(0, run.status(), run.out() + run.err());
    assertTrue(run.out().contains("not comparable by finite differences (the stencil straddles a kink;"
        + " generated/interpreted still compared):\n"
        + "  x at the initial values: relu at 3:6 (relu(x)) takes another branch at x - h than at x + h\n"), run.out());
    assertTrue(run.out().endsWith("gradients agree\n"), run.out());
    assertEquals("", run.err());
    CliRun json = CliRun.capture(() -> Main.run("check", model.toString(), "--json"));
    assertEquals(0, json.status());
    assertTrue(json.out().endsWith("\"notComparable\": [{\"param\": \"x\", \"element\": 0, \"point\": 0, \"op\": \"relu\","
        + " \"line\": 3, \"column\": 6, \"expression\": \"relu(x)\"}]}\n"), json.out());
    // Without points the param is compared nowhere with finite differences: n/c, and null in the JSON.
    CliRun alone = CliRun.capture(() -> Main.run("check", model.toString(), "--points", "0"));
    assertEquals(0, alone.status(), alone.out());
    assertTrue(alone.out().lines().anyMatch(l -> l.matches("x +n/c +n/c +0.0e\\+00")), alone.out());
  }

  /** The other example: params that start at 0 under relu, over data; every element named. */
  @Test
  void paramsStartingAtZeroUnderReluAreNotComparableThere(@TempDir Path temp) throws Exception {
    Files.writeString(temp.resolve("rows.csv"), "x,y\n0.5,1\n1.5,2\n-1,0.5\n");
    Path model = write(temp, "data \"rows.csv\"\ninput x <- x\ntarget y <- y\nparam w[2] = 0\nparam b = 0\n"
        + "output yhat = relu(w[0] * x + b) + w[1] * x\nloss mse(yhat, y)");
    CliRun run = CliRun.capture(() -> Main.run("check", model.toString()));
    assertEquals(0, run.status(), run.out() + run.err());
    assertTrue(run.out().contains("  w[0] at the initial values: relu at 7:15 (relu(w[0] * x + b))"), run.out());
    assertTrue(run.out().contains("  b at the initial values: relu at 7:15"), run.out());
    assertFalse(run.out().contains("w[1] at"), "w[1] is outside the relu: " + run.out());
  }

  /** A kink far from every point: nothing is excused, everything is compared. */
  @Test
  void aKinkFarFromThePointsIsCompared(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param x = 3\nloss relu(x) + abs(x)");
    CliRun run = CliRun.capture(() -> Main.run("check", model.toString(), "--json"));
    assertEquals(0, run.status(), run.out());
    assertTrue(run.out().endsWith("\"notComparable\": []}\n"), run.out());
    assertFalse(run.out().contains("null"), run.out());
  }

  /**
   * The kink excuses only the stencils that straddle it: a wrong relu rule at x = 0 is caught at the
   * random points, and a wrong sin rule beside a kink is caught at every point.
   */
  @Test
  void aWrongGradientBesideAKinkStillDisagrees(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param x = 0\nparam a = 0.3\nloss relu(x + 1) - relu(x) + sin(a)");
    CliRun relu = check(model, WRONG_RELU);
    assertEquals(1, relu.status(), relu.out());
    assertTrue(relu.out().contains("x at the initial values: relu at"), relu.out());
    assertTrue(relu.out().endsWith("gradients DISAGREE: x\n"), relu.out());
    CliRun sin = check(model, WRONG_SIN);
    assertEquals(1, sin.status(), sin.out());
    assertTrue(sin.out().endsWith("gradients DISAGREE: a\n"), sin.out());
    assertEquals(0, check(model, AdjointRules.standard()).status());
  }

  @Test
  void hessianChecksTheProductsToo(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param a = 0.3\nparam b = 0.7\nloss sin(a) * b + exp(a * b) + b^3");
    CliRun run = CliRun.capture(() -> Main.run("check", model.toString(), "--hessian"));
    assertEquals(0, run.status(), run.out() + run.err());
    assertTrue(run.out().contains("gradients agree\nH·v param "), run.out());
    assertTrue(run.out().contains("\nhessian points: 4 checked, 0 skipped"), run.out());
    assertTrue(run.out().endsWith("hessian-vector products agree\n"), run.out());
    assertEquals("", run.err());

    CliRun json = CliRun.capture(() -> Main.run("check", model.toString(), "--hessian", "--json"));
    assertEquals(0, json.status(), json.err());
    assertTrue(json.out().contains(", \"hessian\": {\"agree\": true, \"disagree\": [], \"pointsChecked\": 4, "
        + "\"pointsSkipped\": 0, \"tolerance\": {\"finiteDifferences\": 1.0E-5, \"backends\": 1.0E-8, "
        + "\"symmetry\": 1.0E-8}, \"worstRelativeError\": {\"a\": {"), json.out());
    assertTrue(json.out().endsWith("\"gradientBitsEqual\": true}}\n"), json.out());

    // Without the flag nothing of it, and the kernel has no product.
    CliRun plain = CliRun.capture(() -> Main.run("check", model.toString()));
    assertFalse(plain.out().contains("H·v"), plain.out());
  }

  /**
   * cos' taken as sin rather than −sin, in the second pass alone: sin(a)'s gradient is cos(a), so
   * its Hessian goes through cos's rule, and only the Hessian check can see it.
   */
  private static final AdjointRules WRONG_COS = AdjointRules.standard().with(Op.COS, (d, n, y, dy) ->
      d.accumulate(n.input(0), d.graph().mul(dy, d.graph().unary(Op.SIN, n.input(0)))));

  @Test
  void aWrongSecondDerivativeFailsTheHessianCheckAlone(@TempDir Path temp) throws Exception {
    Path model = write(temp, "param a = 0.3\nparam b = 0.7\nloss sin(a) * 2 + b^2");
    CheckCommand command = new CheckCommand();
    new CommandLine(command).parseArgs(model.toString(), "--hessian");
    CheckedModel checked = Pipeline.check(model);
    CompiledModel compiled = Gradgen.compile(checked, Precision.F64, AdjointRules.standard(),
        io.gradgen.runtime.simd.Simd.enabled(), WRONG_COS);
    CliRun run = CliRun.capture(() -> command.check(compiled));
    assertEquals(1, run.status(), run.out());
    assertTrue(run.out().contains("gradients agree\n"), run.out());
    assertTrue(run.out().endsWith("hessian-vector products DISAGREE: a\n"), run.out());
    assertEquals("error: hessian-vector products disagree for a\n", run.err());
  }

  private static Path write(Path folder, String body) {
    Path model = folder.resolve("m.model");
    try {
      Files.writeString(model, "model M\n" + body + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return model;
  }

  /** The check command with its arguments parsed as the CLI would, run on a model compiled with {@code rules}. */
  private static CliRun check(Path model, AdjointRules rules, String... options) throws Exception {
    CheckCommand command = new CheckCommand();
    List<String> args = new ArrayList<>(List.of(model.toString()));
    args.addAll(List.of(options));
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    CheckedModel checked = Pipeline.check(model);
    CompiledModel compiled = Gradgen.compile(checked, Precision.F64, rules);
    return CliRun.capture(() -> command.check(compiled));
  }
}
