package io.gradgen.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grad_fn names: each as PyTorch 1.13 prints {@code type(t.grad_fn).__name__} for the call
 * the op or model function stands for (checked in Python when written), and the primed op name
 * where PyTorch has none.
 */
class GradFnNamesTest {

  /** The name of the last forward node whose op is {@code op} in {@code text}'s forward graph. */
  private static String nameOfLast(String text, Op op) {
    Graph graph = TestModels.check(text).forward();
    for (int id = graph.size() - 1; id >= 0; id--) {
      if (graph.node(id).op() == op) {
        return GradFnNames.of(graph, id);
      }
    }
    throw new AssertionError("no " + op + " in " + graph.dump());
  }

  @Test
  void elementwiseOpsAreNamedAsPyTorchNamesThem() {
    String model = "model M\nparam a[3] = 1\nparam b[3] = 2\nloss sum(a * b + exp(a) - tanh(b))\n";
    assertEquals("MulBackward0", nameOfLast(model, Op.MUL));
    assertEquals("ExpBackward0", nameOfLast(model, Op.EXP));
    assertEquals("TanhBackward0", nameOfLast(model, Op.TANH));
    assertEquals("SumBackward0", nameOfLast(model, Op.SUM));
  }

  @Test
  void matmulIsNamedByItsOperandsRanks() {
    String model = "model M\nparam W[2,3] = 1\nparam M[3,2] = 1\nparam v[3] = 1\nparam u[2] = 1\n"
        + "loss sum(W @ M) + sum(W @ v) + sum(u @ W) + v @ v\n";
    Graph graph = TestModels.check(model).forward();
    List<String> names = new java.util.ArrayList<>();
    for (int id = 0; id < graph.size(); id++) {
      if (graph.node(id).op() == Op.MATMUL) {
        names.add(GradFnNames.of(graph, id));
      }
    }
    assertEquals(List.of("MmBackward0", "MvBackward0", "SqueezeBackward3", "DotBackward0"), names);
  }

  @Test
  void powIsNamedByWhetherItsExponentIsAConstant() {
    assertEquals("PowBackward0", nameOfLast("model M\nparam a = 2\nloss a^1.5\n", Op.POW));
    assertEquals("PowBackward1", nameOfLast("model M\nparam a = 2\nparam b = 3\nloss a^b\n", Op.POW));
  }

  @Test
  void aModelFunctionWrittenAsSeveralOpsIsNamedAsPyTorchsFunction() {
    String model = "model M\ninput x[2]\ntarget y[2]\nparam w[2] = 1\nloss mse(w * x, y)\n";
    Graph graph = TestModels.check(model).forward();
    assertEquals("MseLossBackward0", GradFnNames.of(graph, graph.loss()));
    assertEquals("DivBackward0", GradFnNames.ofOp(graph, graph.loss()));
  }

  @Test
  void onlyAWholeCallIsAFunctionsName() {
    assertEquals("mse", GradFnNames.wholeCall("loss mse(yhat, y)"));
    assertEquals("softmax", GradFnNames.wholeCall("output p = softmax(W @ (x + 1))"));
    assertEquals("mean", GradFnNames.wholeCall("h = mean(x)"));
    assertEquals("", GradFnNames.wholeCall("loss mse(a, b) + mse(c, d)"));
    assertEquals("", GradFnNames.wholeCall("loss (a - 3)^2"));
    assertEquals("", GradFnNames.wholeCall("loss softmax_ce(z, k, label_smoothing = 0.1)"));
    assertEquals("", GradFnNames.wholeCall("w @ x"));
  }

  @Test
  void anOpPyTorchHasNoGradFnForIsPrimed() {
    Node param = new Node(Op.PARAM, List.of(), Shape.SCALAR, "a");
    Node log = new Node(Op.SAFE_LOG, List.of(0), Shape.SCALAR, null);
    Graph graph = new Graph(List.of(param, log), 1, -1, Map.of());
    assertEquals("safe_log'", GradFnNames.of(graph, 1));
  }

  @Test
  void aBackwardNodesOriginNamesNoFunction() {
    // Only a forward origin names a function: the adjoint nodes' own origins are marked backward.
    Graph graph = Pipeline.differentiate(TestModels.check("model M\nparam a[2] = 1\nloss mean(a)\n"));
    assertEquals("MeanBackward0", GradFnNames.of(graph, graph.loss()));
    int gradient = graph.gradients().get("a");
    assertEquals(GradFnNames.ofOp(graph, gradient), GradFnNames.of(graph, gradient));
  }
}
