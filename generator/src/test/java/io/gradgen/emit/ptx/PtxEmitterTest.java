package io.gradgen.emit.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Op;
import org.junit.jupiter.api.Test;

/** What the PTX emitter refuses, in one line, and the launch metadata it gives with a module. */
class PtxEmitterTest {
  @Test
  void aRowWhoseValuesPassAThreadsLocalMemoryIsRefusedNamingTheKernel() {
    CheckedModel checked = TestModels.check("""
        model Big
        input x[4]
        target y
        param W[400,400] = randn(seed = 1, std = 0.1)
        h = tanh(W * x[0])
        loss (sum(h * h) - y)^2
        """);
    UnsupportedPtxException refused = assertThrows(UnsupportedPtxException.class,
        () -> PtxEmitter.emit(Pipeline.gradientGraph(checked), checked.layout()));
    assertTrue(refused.getMessage().startsWith("model Big: kernel loss_grad needs "), refused.getMessage());
    assertTrue(refused.getMessage().endsWith("a GPU thread has at most 524288; use --backend java"), refused.getMessage());
    assertEquals(1, refused.getMessage().lines().count());
  }

  @Test
  void aModelWithAMetricIsRefusedNamingIt() {
    CheckedModel checked = TestModels.check("""
        model Scored
        input x
        target y
        param w = 1
        loss (w * x - y)^2
        metric abs_err = abs(w * x - y)
        metric hit = relu(1 - abs(w * x - y))
        """);
    assertTrue(PtxCorpus.refused(checked));
    UnsupportedPtxException refused = assertThrows(UnsupportedPtxException.class,
        () -> PtxEmitter.emit(Pipeline.gradientGraph(checked), checked.layout()));
    assertEquals("model Scored declares metric 'abs_err', which the PTX backend does not compute; use --backend java",
        refused.getMessage());
    io.gradgen.parse.ModelException atTheMetric = assertThrows(io.gradgen.parse.ModelException.class,
        () -> checked.requireNoMetrics("the PTX backend"));
    assertEquals("test.model:6:1: error: metric 'abs_err' is not computed by the PTX backend; use --backend java",
        atTheMetric.format());
  }

  @Test
  void anOpWithoutPtxCodeIsNamed() {
    assertEquals("the PTX backend has no code for op one_hot; use --backend java",
        ScalarOps.unsupported(Op.ONE_HOT).getMessage());
  }

  /** erf, expm1, asin, acos, atan, sinh and cosh have no PTX code: a model using one is refused, naming it. */
  @Test
  void aModelUsingAFunctionWithoutPtxCodeIsRefusedNamingIt() {
    for (Op op : ScalarOps.WITHOUT_CODE) {
      CheckedModel checked = TestModels.check("model F\nparam a = 0.5\nloss " + op.label() + "(a) * 2\n");
      UnsupportedPtxException refused = assertThrows(UnsupportedPtxException.class,
          () -> PtxEmitter.emit(Pipeline.gradientGraph(checked), checked.layout()), op.toString());
      assertEquals("the PTX backend has no code for op " + op.label() + "; use --backend java", refused.getMessage());
    }
  }

  /** The comparisons, clamp's bounds, step and log1p have PTX code; the PTX agreement test runs them. */
  @Test
  void comparisonsAndClampAreEmitted() {
    CheckedModel checked = TestModels.check("model C\nparam a[3] = [-1, 0, 2]\n"
        + "loss sum(clamp(a, -0.5, 0.5) + (a < 1) + (a == 0) + (a != 0) + (a <= 0) + step(a) + log1p(a * a))\n");
    assertTrue(PtxEmitter.emit(Pipeline.gradientGraph(checked), checked.layout()).text().contains("setp.neu.f64"));
  }

  @Test
  void theMetadataNamesEveryKernelWithItsLaunchShape() {
    CheckedModel checked = TestModels.check("""
        model Line
        input x
        target y
        param a = 0.5
        output yhat = a * x
        loss (yhat - y)^2
        """);
    PtxModule module = PtxEmitter.emit(Pipeline.gradientGraph(checked), checked.layout());
    for (String name : new String[] {"loss_grad", "loss", "predict", "reduce", "arrange", "update_sgd", "update_adam"}) {
      assertTrue(module.has(name), name);
      assertTrue(module.json().contains("\"name\" : \"" + name + "\""), module.json());
    }
    assertEquals(256, module.kernel("loss_grad").threads());
    assertEquals(2, module.rowWidth());
    assertTrue(module.text().contains(".target sm_75"), module.text().lines().limit(5).toList().toString());
    // lbfgs and newton evaluate as they step: the host takes their steps, so no device rule for them
    assertTrue(!module.has("update_lbfgs") && !module.has("update_newton"), module.json());
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> UpdateWriter.write(io.gradgen.runtime.train.OptimizerSpec.Kind.LBFGS, PtxType.F64));
    assertEquals("no device step for optimizer lbfgs: its steps evaluate the loss as they go (opt.step(closure)), "
        + "on the host", refused.getMessage());
  }
}
