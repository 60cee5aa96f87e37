package io.gradgen.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Op;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One box per named value: its own ops, no leaves, no op twice, never across forward and backward. */
class ClustersTest {
  private static final String MLP = """
      model Mlp
      input x[2]
      target y
      param W1[3,2] = 1
      param b1[3] = 0
      param w2[3] = 1
      h = tanh(W1 @ x + b1)
      g = h * h
      output yhat = w2 @ g
      loss (yhat - y)^2
      """;

  private static List<Op> ops(Graph graph, List<Integer> ids) {
    List<Op> ops = new ArrayList<>();
    for (int id : ids) {
      ops.add(graph.node(id).op());
    }
    return ops;
  }

  private static int named(Graph graph, String name) {
    for (int id = 0; id < graph.size(); id++) {
      if (graph.provenance().name(id).orElse("").equals(name)) {
        return id;
      }
    }
    throw new AssertionError("no node named " + name + " in\n" + graph.dump());
  }

  @Test
  void aNamedValuesClusterHoldsTheOpsThatComputeIt() {
    Graph graph = TestModels.check(MLP).forward();
    Map<Integer, List<Integer>> clusters = Clusters.of(GraphParts.of(graph, Set.of("y")), id -> true);
    assertEquals(List.of(Op.MATMUL, Op.ADD, Op.TANH), ops(graph, clusters.get(named(graph, "h"))));
    // g = h * h: h is another cluster's, so g's box holds its mul alone.
    assertEquals(List.of(Op.MUL), ops(graph, clusters.get(named(graph, "g"))));
    assertTrue(clusters.containsKey(graph.loss()));
  }

  @Test
  void everyOpIsInOneClusterAtMostAndNoLeafIsInAny() {
    Graph graph = Pipeline.gradientGraph(TestModels.check(MLP));
    GraphParts parts = GraphParts.of(graph, Set.of("y"));
    Set<Integer> seen = new HashSet<>();
    for (Map.Entry<Integer, List<Integer>> cluster : Clusters.of(parts, id -> true).entrySet()) {
      assertTrue(cluster.getValue().contains(cluster.getKey()), "the named op is in its own cluster");
      for (int id : cluster.getValue()) {
        assertTrue(seen.add(id), "%" + id + " in two clusters");
        assertTrue(graph.node(id).op().kind() != Op.Kind.LEAF, "a leaf in a cluster: %" + id);
        assertEquals(parts.isForward(cluster.getKey()), parts.isForward(id), "a cluster spans forward and backward: %" + id);
      }
    }
  }

  @Test
  void theAdjointsOfNamedValuesHaveClustersOfTheirOwn() {
    Graph graph = Pipeline.gradientGraph(TestModels.check(MLP));
    GraphParts parts = GraphParts.of(graph, Set.of("y"));
    Map<Integer, List<Integer>> clusters = Clusters.of(parts, id -> true);
    int dh = named(graph, "d_h");
    assertTrue(clusters.containsKey(dh));
    assertTrue(!parts.isForward(dh));
  }

  @Test
  void onlyDrawnNodesAreClustered() {
    Graph graph = Pipeline.gradientGraph(TestModels.check(MLP));
    GraphParts parts = GraphParts.of(graph, Set.of("y"));
    for (List<Integer> members : Clusters.of(parts, parts::isForward).values()) {
      for (int id : members) {
        assertTrue(parts.isForward(id));
      }
    }
  }
}
