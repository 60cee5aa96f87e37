package io.gradgen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoragePlanTest {
  static final String CROP = """
      model Crop
      input x[3]
      target y[2]
      param w[2,3]
      param b[2]
      output yhat = w @ x + b
      loss mse(yhat, y)
      """;

  static final String WIDE = """
      model Wide
      input x[32]
      target y
      param W[64,32]
      param v[64]
      h = tanh(W @ x)
      loss (dot(v, h) - y)^2
      """;

  @Test
  void smallModelLivesInLocalsWithEveryNestUnrolled() {
    Graph graph = TestModels.gradientGraph(CROP);
    StoragePlan plan = plan(graph, StoragePlan.UNROLL_BUDGET);
    for (int id = 0; id < graph.size(); id++) {
      if (plan.live(id) && !StoragePlan.isView(graph.node(id).op())) {
        assertTrue(plan.local(id), "%" + id + " " + graph.node(id).op());
        assertTrue(plan.unrolled(id), "%" + id);
      }
    }
  }

  @Test
  void paramsAreComputedOnceAndWhatReadsDataPerRow() {
    Graph graph = TestModels.gradientGraph(CROP);
    StoragePlan plan = plan(graph, StoragePlan.UNROLL_BUDGET);
    for (int id = 0; id < graph.size(); id++) {
      Op op = graph.node(id).op();
      if (op == Op.PARAM) {
        assertFalse(plan.perRow(id), "a param does not change from row to row");
      }
      if (op == Op.INPUT) {
        assertTrue(plan.perRow(id));
      }
    }
    assertTrue(plan.perRow(graph.loss()), "the loss reads the targets");
  }

  @Test
  void wideLayerIsRolledOverArraysAndItsSumsStayScalarLocals() {
    Graph graph = TestModels.gradientGraph(WIDE);
    StoragePlan plan = plan(graph, StoragePlan.UNROLL_BUDGET);
    int product = find(graph, Op.MATMUL, 64);
    assertFalse(plan.unrolled(product), "a 64 × 32 product is 2,048 iterations");
    assertFalse(plan.local(product), "a rolled nest writes an array");
    int param = find(graph, Op.PARAM, 2048);
    assertFalse(plan.local(param), "a large param is read from the params array");
    int dot = find(graph, Op.MATMUL, 1);
    assertFalse(plan.unrolled(dot));
    assertTrue(plan.local(dot), "a scalar is one local even when a rolled sum computes it");
  }

  @Test
  void viewsHoldNothing() {
    Graph graph = TestModels.gradientGraph("""
        model Views
        param m[2,3]
        param k
        loss sum(m' @ [1, 2]) + m[1, 2] * k
        """);
    StoragePlan plan = plan(graph, StoragePlan.UNROLL_BUDGET);
    int views = 0;
    for (int id = 0; id < graph.size(); id++) {
      if (StoragePlan.isView(graph.node(id).op())) {
        assertFalse(plan.local(id), graph.node(id).op() + " is read through, never stored");
        views++;
      }
    }
    assertTrue(views >= 2, "transpose and index");
  }

  @Test
  void smallerBudgetRollsWhatItCanNoLongerUnroll() {
    Graph graph = TestModels.gradientGraph(CROP);
    int product = find(graph, Op.MATMUL, 2);
    assertTrue(plan(graph, 16).unrolled(product), "6 iterations fit a budget of 16");
    StoragePlan tight = plan(graph, 4);
    assertFalse(tight.unrolled(product), "but not a budget of 4");
    assertFalse(tight.local(product), "and a rolled nest cannot write locals");
  }

  @Test
  void onlyWhatTheRootsNeedIsLive() {
    CheckedModel checked = TestModels.check(CROP);
    Graph graph = io.gradgen.Pipeline.gradientGraph(checked);
    StoragePlan lossOnly = new StoragePlan(graph, List.of(graph.loss()), List.of(), StoragePlan.UNROLL_BUDGET);
    for (int gradient : graph.gradients().values()) {
      if (graph.node(gradient).op() == Op.OUTER) {
        assertFalse(lossOnly.live(gradient), "loss() computes no gradient");
      }
    }
    assertTrue(lossOnly.live(graph.loss()));
  }

  @Test
  void smallValueReadByARolledLoopGoesToAnArray() {
    Graph graph = TestModels.gradientGraph(WIDE);
    StoragePlan plan = plan(graph, StoragePlan.UNROLL_BUDGET);
    int v = find(graph, Op.PARAM, 64);
    assertFalse(plan.local(v), "the 64-element v is read by rolled nests");
    assertEquals(2048, StoragePlan.iterations(graph, graph.node(find(graph, Op.MATMUL, 64))));
  }

  private static StoragePlan plan(Graph graph, int budget) {
    List<Integer> roots = new java.util.ArrayList<>(List.of(graph.loss()));
    List<Integer> sinks = new java.util.ArrayList<>();
    for (int gradient : graph.gradients().values()) {
      roots.add(gradient);
      if (graph.node(gradient).shape().size() > Math.min(StoragePlan.SMALL, budget)) {
        sinks.add(gradient);
      }
    }
    return new StoragePlan(graph, roots, sinks, budget);
  }

  /** The first node of {@code op} with {@code size} elements. */
  static int find(Graph graph, Op op, int size) {
    for (int id = 0; id < graph.size(); id++) {
      if (graph.node(id).op() == op && graph.node(id).shape().size() == size) {
        return id;
      }
    }
    throw new AssertionError("no " + op + " of " + size + " elements in\n" + graph.dump());
  }
}
