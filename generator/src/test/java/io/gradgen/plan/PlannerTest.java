package io.gradgen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.ir.Graph;
import io.gradgen.runtime.train.EpochShape;
import io.gradgen.runtime.train.OptimizerSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final EpochShape SGD = new EpochShape(OptimizerSpec.Kind.SGD, false);

  private static final CheckedModel WIDE = TestModels.check(StoragePlanTest.WIDE);
  private static final Graph GRAPH = Pipeline.gradientGraph(WIDE);

  @Test
  void aTargetWithoutLimitsGetsTheTopOfTheLadder() {
    KernelPlan plan = Planner.plan(GRAPH, WIDE.layout(), SGD, false, MethodSizer.ANY);
    assertEquals(StoragePlan.UNROLL_BUDGET, plan.lossAndGradient().budget());
    assertEquals(4, plan.lossAndGradient().rowBlock());
    assertTrue(plan.predict().isEmpty(), "no output, no predict");
    assertTrue(plan.epoch().isEmpty(), "too large for an epoch kernel");
    assertTrue(Planner.plan(GRAPH, WIDE.layout(), null, false, MethodSizer.ANY).epoch().isEmpty(), "no training, no epoch");
    assertEquals(List.of(Method.LOSS_AND_GRADIENT, Method.LOSS),
        plan.methods().stream().map(MethodPlan::method).toList());
  }

  @Test
  void fewerRowsComeBeforeLessUnrolling() {
    KernelPlan plan = Planner.plan(GRAPH, WIDE.layout(), SGD, false, candidate -> candidate.rowBlock() <= 2);
    assertEquals(2, plan.lossAndGradient().rowBlock());
    assertEquals(StoragePlan.UNROLL_BUDGET, plan.lossAndGradient().budget());
  }

  @Test
  void lessUnrollingWhenOneRowIsStillTooLong() {
    KernelPlan plan = Planner.plan(GRAPH, WIDE.layout(), SGD, false, candidate -> candidate.budget() <= 4);
    assertEquals(4, plan.lossAndGradient().budget());
    assertEquals(4, plan.lossAndGradient().rowBlock(), "all the rows again at the smaller budget");
  }

  @Test
  void aBottomRungTheTargetCannotCompileIsRefusedNamingTheMethod() {
    MethodSizer nothingCompiles = new MethodSizer() {
      @Override
      public boolean fits(MethodPlan plan) {
        return false;
      }

      @Override
      public boolean compiles(MethodPlan plan) {
        return false;
      }
    };
    MethodTooLarge e = assertThrows(MethodTooLarge.class,
        () -> Planner.plan(GRAPH, WIDE.layout(), SGD, false, nothingCompiles));
    assertEquals(Method.LOSS_AND_GRADIENT, e.method());
    assertEquals("its lossAndGradient method would be larger than the JVM allows one method (64 KB of bytecode)",
        e.getMessage());
  }

  @Test
  void theBottomRungIsTakenWhateverItsSizeButNoEpochKernel() {
    CheckedModel crop = TestModels.check(StoragePlanTest.CROP);
    KernelPlan plan = Planner.plan(Pipeline.gradientGraph(crop), crop.layout(), SGD, false, candidate -> false);
    assertEquals(1, plan.lossAndGradient().budget());
    assertEquals(1, plan.lossAndGradient().rowBlock());
    assertTrue(plan.epoch().isEmpty(), "an epoch kernel too long for the JIT is left out, not shrunk");
    assertTrue(Planner.plan(Pipeline.gradientGraph(crop), crop.layout(), SGD, false, MethodSizer.ANY).epoch().isPresent());
  }

  @Test
  void theSamePlanIsNotSizedTwice() {
    List<String> asked = new ArrayList<>();
    String vectors = MethodPlanTest.VECTORS;
    CheckedModel checked = TestModels.check(vectors);
    Planner.plan(Pipeline.gradientGraph(checked), checked.layout(), SGD, false, candidate -> {
      asked.add(candidate.method() + " " + candidate.budget() + " " + candidate.rowBlock());
      return candidate.budget() < 16;
    });
    assertEquals(asked.stream().distinct().toList(), asked, "asking for 4 rows and for 2 gives one plan: 2 rows");
  }

  @Test
  void javaSizerKeepsAFortyClassSoftmaxAtTwoRowsForItsGradient() {
    CheckedModel softmax = Pipeline.check(Path.of("src/test/resources/rowblock/Softmax.model"));
    KernelPlan plan = Pipeline.plan(softmax, Pipeline.gradientGraph(softmax), softmax.layout(), false);
    assertEquals(2, plan.lossAndGradient().rowBlock(), "four rows' gradient code is over HotSpot's limit");
    assertEquals(4, plan.loss().rowBlock(), "the loss alone fits four");
    assertFalse(JavaEmitter.sizer(false).fits(MethodPlan.of(plan.graph(), plan.layout(), Method.LOSS_AND_GRADIENT, 16, 4)));
  }
}
