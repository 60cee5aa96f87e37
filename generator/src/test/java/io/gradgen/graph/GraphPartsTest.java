package io.gradgen.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import io.gradgen.graph.GraphParts.Kind;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Op;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which node is what: leaves by op, forward by what the loss and output use, backward ops' forward op by origin. */
class GraphPartsTest {
  private static final String LINE = """
      model Line
      input  x[3]
      target y[2]
      param w[2,3] = 1
      param b[2] = 0
      output yhat = w @ x + b
      loss mse(yhat, y)
      """;

  private static int find(Graph graph, Op op) {
    for (int id = 0; id < graph.size(); id++) {
      if (graph.node(id).op() == op) {
        return id;
      }
    }
    throw new AssertionError("no " + op + " in\n" + graph.dump());
  }

  @Test
  void leavesAreStyledByWhatTheyAre() {
    Graph graph = Pipeline.gradientGraph(TestModels.check(LINE));
    GraphParts parts = GraphParts.of(graph, Set.of("y"));
    for (int id = 0; id < graph.size(); id++) {
      Kind kind = parts.kind(id);
      switch (graph.node(id).op()) {
        case PARAM -> assertEquals(Kind.PARAM, kind);
        case INPUT -> assertEquals(graph.node(id).name().equals("y") ? Kind.TARGET : Kind.INPUT, kind);
        case CONSTANT -> assertEquals(Kind.CONSTANT, kind);
        default -> assertTrue(kind == Kind.FORWARD || kind == Kind.BACKWARD, kind::toString);
      }
    }
  }

  @Test
  void forwardIsWhatTheLossAndOutputUse() {
    Graph graph = Pipeline.gradientGraph(TestModels.check(LINE));
    GraphParts parts = GraphParts.of(graph, Set.of("y"));
    assertTrue(parts.isForward(graph.loss()));
    assertTrue(parts.isForward(graph.output()));
    assertTrue(parts.isForward(find(graph, Op.MATMUL)));
    // d_w = outer(d_yhat, x): only the gradient uses it.
    int dw = graph.gradients().get("w");
    assertFalse(parts.isForward(dw));
    assertEquals(Kind.BACKWARD, parts.kind(dw));
    for (int id = 0; id < graph.size(); id++) {
      assertTrue(parts.isLive(id), "optimize leaves no dead node: %" + id);
      for (int input : graph.node(id).inputs()) {
        assertTrue(!parts.isForward(id) || parts.isForward(input), "a forward node reads only forward nodes");
      }
    }
  }

  @Test
  void aBackwardOpsOwnerIsTheForwardOpWhoseAdjointBuiltIt() {
    Graph graph = Pipeline.gradientGraph(TestModels.check(LINE));
    GraphParts parts = GraphParts.of(graph, Set.of());
    // The adjoint of w @ x in w is outer(d_yhat, x): the matmul's rule built it.
    assertEquals(find(graph, Op.MATMUL), parts.owner(graph.gradients().get("w")).getAsInt());
    assertTrue(parts.owner(graph.loss()).isEmpty(), "a forward op has no owner");
    for (int id = 0; id < graph.size(); id++) {
      if (parts.kind(id) == Kind.BACKWARD) {
        int owner = parts.owner(id).orElseThrow();
        assertEquals(Kind.FORWARD, parts.kind(owner));
      }
    }
  }

  @Test
  void theDifferentiatedGraphsDeadCodeIsNotLive() {
    CheckedModel model = TestModels.check(LINE);
    Graph differentiated = Pipeline.differentiate(model);
    GraphParts parts = GraphParts.of(differentiated, Set.of("y"));
    int dead = 0;
    for (int id = 0; id < differentiated.size(); id++) {
      dead += parts.isLive(id) ? 0 : 1;
    }
    // x's adjoint (w^T d_yhat) is built, then nothing needs it; optimize removes it.
    assertTrue(dead > 0, differentiated::dump);
    int size = Pipeline.optimize(differentiated).size();
    assertTrue(size <= differentiated.size() - dead, "optimize removes at least the dead nodes");
  }

  @Test
  void aMetricsOpsAreForwardThoughTheLossDoesNotUseThem() {
    String model = """
        model Classes
        input x[2]
        target k
        param W[3,2] = 1
        output z = W @ x
        loss softmax_ce(z, k)
        metric accuracy = argmax(z) == k
        """;
    Graph graph = Pipeline.differentiate(TestModels.check(model));
    GraphParts parts = GraphParts.of(graph, Set.of("k"));
    int argmax = find(graph, Op.ARGMAX);
    assertFalse(parts.isLive(argmax));
    assertTrue(parts.isForward(argmax));
    assertEquals(Kind.FORWARD, parts.kind(argmax));
  }
}
