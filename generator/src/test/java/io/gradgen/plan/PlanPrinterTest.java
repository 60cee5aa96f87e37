package io.gradgen.plan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import org.junit.jupiter.api.Test;

class PlanPrinterTest {
  @Test
  void smallModelShowsLocalsUnrolledNestsAndTheEpochKernel() {
    String text = print(StoragePlanTest.CROP.replace("output yhat", "output yhat"));
    assertContains(text, "kernel Crop: f64, scalar loops");
    assertContains(text, "params: 8 values (w[2, 3] at 0, b[2] at 6)");
    assertContains(text, "rows: 5 values a row (x[3] at 0, y[2] at 3)");
    assertContains(text, "lossAndGradient: unroll budget 16, 1 row an iteration (all of a row's work is unrolled)");
    assertContains(text, "  once, before the row loop\n");
    assertContains(text, "  per row\n");
    assertContains(text, "matmul [2]    2 locals  unrolled, 6 iterations");
    assertContains(text, "gradient w: summed over the rows in 6 locals, added into g after the loop");
    assertContains(text, "epoch (sgd steps): unroll budget 16, 1 row an iteration");
    assertContains(text, "  each step, before the row loop\n");
    assertContains(text, "predict: unroll budget 16\n");
  }

  @Test
  void wideModelShowsScratchRolledSplitSumsAndInlinedGradients() {
    String text = print(StoragePlanTest.WIDE);
    assertContains(text, "lossAndGradient: unroll budget 16, 4 rows an iteration\n");
    assertContains(text, "scratch 4 × 64");
    assertContains(text, "rolled, 2048 iterations, 4 partial sums");
    assertContains(text, "computed into g");
    assertContains(text, "params array");
    assertContains(text, "gradient W: added into g element by element inside the row loop");
    assertContains(text, "predict: none (the model declares no output)");
    assertContains(text, "epoch: none (more than 64 parameter values)");
  }

  @Test
  void modelWithoutDataHasNoRowLoop() {
    String text = print("model P\nparam a = 5\nparam b = 6\nloss a^3 - b^2\n");
    assertContains(text, "rows: none (the model reads no data: one row, computed once)");
    assertContains(text, "lossAndGradient: unroll budget 16, no row loop\n  once\n");
    assertContains(text, "gradient a: added into g");
    assertTrue(!text.contains("per row"), text);
  }

  @Test
  void vectorWorkAloneTakesTwoRowsAndSaysWhy() {
    assertContains(print(MethodPlanTest.VECTORS), "2 rows an iteration (no matrix work in the row loop)");
  }

  @Test
  void eachMetricsMethodIsPlannedOneRowAnIterationAfterTheKernelsMethods() {
    String plan = print("model M\ninput x\ntarget y\nparam w = 1\nloss (w * x - y)^2\nmetric err = abs(w * x - y)\n");
    assertContains(plan, "\nmetric err: loss: unroll budget ");
    assertContains(plan, "metric err = abs(w * x - y)");
    assertTrue(plan.indexOf("\nmetric err: ") > plan.indexOf("\nepoch"), plan);
  }

  private static String print(String model) {
    CheckedModel checked = TestModels.check(model);
    return PlanPrinter.print(Pipeline.plan(checked, Pipeline.gradientGraph(checked), checked.layout(), false));
  }

  private static void assertContains(String text, String part) {
    assertTrue(text.contains(part), "no «" + part + "» in\n" + text);
  }
}
