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
        + "\"generatedVsInterpreted\": 0.0}, \"b\": \\{.*}}, \"lossRelativeError\": 0.0}\n"), run.out());
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
