package io.gradgen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Op;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.EpochShape;
import io.gradgen.runtime.train.OptimizerSpec;
import org.junit.jupiter.api.Test;

class MethodPlanTest {
  /** A vector layer alone: rolled work in the row loop, but no matrix. */
  static final String VECTORS = """
      model Vectors
      input x[32]
      target y
      param v[32]
      loss (sum(tanh(v * x)) - y)^2
      """;

  @Test
  void rowsOneAtATimeWhereEveryNestIsUnrolled() {
    assertEquals(1, plan(StoragePlanTest.CROP, Method.LOSS_AND_GRADIENT).rowBlock());
  }

  @Test
  void fourRowsWhereTheRowLoopRunsOverAMatrix() {
    assertEquals(4, plan(StoragePlanTest.WIDE, Method.LOSS_AND_GRADIENT).rowBlock());
    assertEquals(4, plan(StoragePlanTest.WIDE, Method.LOSS).rowBlock());
  }

  @Test
  void twoRowsWithVectorWorkAlone() {
    assertEquals(MethodPlan.PLAIN_ROW_BLOCK, plan(VECTORS, Method.LOSS_AND_GRADIENT).rowBlock());
  }

  @Test
  void predictTakesOneRowAndNeverAsMany() {
    assertEquals(1, plan(StoragePlanTest.WIDE.replace("loss", "output o = W @ x\nloss"), Method.PREDICT).rowBlock());
  }

  @Test
  void wideOuterProductGradientIsComputedInsideItsAccumulation() {
    Graph graph = TestModels.gradientGraph(StoragePlanTest.WIDE);
    int outer = StoragePlanTest.find(graph, Op.OUTER, 2048);
    assertTrue(of(graph, StoragePlanTest.WIDE, Method.LOSS_AND_GRADIENT).inlined(outer));
    assertFalse(of(graph, StoragePlanTest.WIDE, Method.LOSS).inlined(outer), "loss computes no gradient");
    assertFalse(of(graph, StoragePlanTest.WIDE, Method.LOSS_AND_GRADIENT).inlined(graph.loss()));
  }

  @Test
  void smallGradientsAreSummedInLocalsAndLargeOnesStraightIntoG() {
    Graph graph = TestModels.gradientGraph(StoragePlanTest.WIDE);
    MethodPlan plan = of(graph, StoragePlanTest.WIDE, Method.LOSS_AND_GRADIENT);
    assertFalse(plan.sumsInLocals(graph.gradients().get("W")));
    assertFalse(plan.sumsInLocals(graph.gradients().get("v")));
    Graph crop = TestModels.gradientGraph(StoragePlanTest.CROP);
    MethodPlan small = of(crop, StoragePlanTest.CROP, Method.LOSS_AND_GRADIENT);
    assertTrue(small.sumsInLocals(crop.gradients().get("w")));
    MethodPlan tight = MethodPlan.of(crop, TestModels.check(StoragePlanTest.CROP).layout(), Method.LOSS_AND_GRADIENT, 4, 4);
    assertFalse(tight.sumsInLocals(crop.gradients().get("w")), "a budget of 4 keeps 4 locals, not 6");
  }

  @Test
  void epochKernelOnlyForSmallModels() {
    assertTrue(epoch(StoragePlanTest.CROP).fitsEpoch());
    assertFalse(epoch(StoragePlanTest.WIDE).fitsEpoch(), "2,000 params and rolled nests");
    assertFalse(plan(StoragePlanTest.CROP, Method.LOSS_AND_GRADIENT).fitsEpoch(), "only the epoch method asks");
    String manyParams = "model Many\ninput x\ntarget y\nparam a[65]\nloss (sum(a) * x - y)^2\n";
    assertFalse(epoch(manyParams).fitsEpoch(), "more than 64 parameter values");
  }

  @Test
  void anEpochIsPlannedForAnOptimizerAndNothingElseIs() {
    EpochShape adam = new EpochShape(OptimizerSpec.Kind.ADAM, true);
    MethodPlan plan = MethodPlan.epoch(TestModels.gradientGraph(StoragePlanTest.CROP),
        TestModels.check(StoragePlanTest.CROP).layout(), adam);
    assertEquals(adam, plan.epochShape());
    assertEquals(1, plan.rowBlock());
    assertEquals(null, plan(StoragePlanTest.CROP, Method.LOSS).epochShape());
    assertThrows(IllegalArgumentException.class, () -> plan(StoragePlanTest.CROP, Method.EPOCH));
  }

  @Test
  void f32KernelsWidenTheirParamsWhereARolledLoopReadsThem() {
    CheckedModel checked = TestModels.check(StoragePlanTest.WIDE);
    Graph graph = Pipeline.gradientGraph(checked);
    ModelLayout f32 = withPrecision(checked.layout(), Precision.F32);
    assertTrue(MethodPlan.of(graph, f32, Method.LOSS, 16, 4).widensParams());
    assertFalse(MethodPlan.of(graph, checked.layout(), Method.LOSS, 16, 4).widensParams(), "f64 reads them as they are");
    CheckedModel crop = TestModels.check(StoragePlanTest.CROP);
    ModelLayout cropF32 = withPrecision(crop.layout(), Precision.F32);
    assertFalse(MethodPlan.of(Pipeline.gradientGraph(crop), cropF32, Method.LOSS, 16, 4).widensParams(),
        "params in locals are widened as they are read");
  }

  @Test
  void withoutDataThereAreNoRows() {
    MethodPlan plan = plan("model P\nparam a = 5\nloss a * a\n", Method.LOSS_AND_GRADIENT);
    assertFalse(plan.hasRows());
    assertTrue(plan(StoragePlanTest.CROP, Method.LOSS).hasRows());
  }

  @Test
  void trainedParamsLeaveOutThoseTheLossDoesNotUse() {
    MethodPlan plan = plan("model P\nparam a = 5\nparam unused = 1\nloss a * a\n", Method.LOSS_AND_GRADIENT);
    assertEquals(1, plan.trainedParams().size());
    assertEquals("a", plan.trainedParams().get(0).name());
  }

  @Test
  void aBudgetOrRowsBelowOneIsRefused() {
    Graph graph = TestModels.gradientGraph(StoragePlanTest.CROP);
    ModelLayout layout = TestModels.check(StoragePlanTest.CROP).layout();
    assertThrows(IllegalArgumentException.class, () -> MethodPlan.of(graph, layout, Method.LOSS, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> MethodPlan.of(graph, layout, Method.LOSS, 16, 0));
  }

  static MethodPlan epoch(String model) {
    return MethodPlan.epoch(TestModels.gradientGraph(model), TestModels.check(model).layout(),
        new EpochShape(OptimizerSpec.Kind.SGD, false));
  }

  static MethodPlan plan(String model, Method method) {
    return of(TestModels.gradientGraph(model), model, method);
  }

  private static MethodPlan of(Graph graph, String model, Method method) {
    return MethodPlan.of(graph, TestModels.check(model).layout(), method, StoragePlan.UNROLL_BUDGET, Planner.ROW_BLOCK);
  }

  static ModelLayout withPrecision(ModelLayout layout, Precision precision) {
    return new ModelLayout(layout.modelName(), layout.params(), layout.data(), layout.outputShape(),
        layout.outputName(), precision);
  }
}
