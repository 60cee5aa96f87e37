package io.gradgen.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphTest {
  private static final Shape V2 = Shape.vector(2);
  private static final Node W = new Node(Op.PARAM, List.of(), V2, "w");
  private static final Node S = new Node(Op.SUM, List.of(0), Shape.SCALAR, null);

  @Test
  void anOperandMustComeBeforeItsUser() {
    Node self = new Node(Op.NEG, List.of(1), V2, null);
    Node later = new Node(Op.NEG, List.of(2), V2, null);
    Node negative = new Node(Op.NEG, List.of(-1), V2, null);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new Graph(List.of(W, self), 0, -1, Map.of()));
    assertEquals("node %1 uses %1 out of order", error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Graph(List.of(W, later, S), 2, -1, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Graph(List.of(negative, S), 1, -1, Map.of()));
  }

  @Test
  void theLossMustBeAScalarNodeOfTheGraph() {
    assertThrows(IllegalArgumentException.class, () -> new Graph(List.of(W, S), 0, -1, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Graph(List.of(W, S), 2, -1, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Graph(List.of(W, S), -1, -1, Map.of()));
    assertEquals(1, new Graph(List.of(W, S), 1, -1, Map.of()).loss());
  }

  @Test
  void theRootsAreTheLossTheOutputAndTheGradientsInOrder() {
    Node g = new Node(Op.CONSTANT, List.of(), V2, new Values(0, 0));
    Map<String, Integer> gradients = new LinkedHashMap<>();
    gradients.put("w", 2);
    gradients.put("u", 0);
    Graph withOutput = new Graph(List.of(W, S, g), 1, 0, gradients);
    assertEquals(List.of(1, 0, 2, 0), withOutput.roots());
    assertTrue(withOutput.hasOutput());
    Graph without = new Graph(List.of(W, S, g), 1, -1, gradients);
    assertEquals(List.of(1, 2, 0), without.roots());
    assertFalse(without.hasOutput());
    assertEquals(List.of("w", "u"), List.copyOf(without.gradients().keySet()));
  }

  @Test
  void sameAsComparesNodesAndRootsButNotProvenance() {
    Graph plain = new Graph(List.of(W, S), 1, -1, Map.of("w", 0));
    Graph placed = plain.withProvenance(new Provenance(Map.of(1, new Origin("sum(w)", 3, 6, false)), Map.of(0, "w")));
    assertTrue(plain.sameAs(placed));
    assertFalse(plain.equals(placed));
    assertEquals("sum(w)", placed.provenance().origin(1).orElseThrow().text());
    assertFalse(plain.sameAs(new Graph(List.of(W, S), 1, 0, Map.of("w", 0))));
    assertFalse(plain.sameAs(new Graph(List.of(W, S), 1, -1, Map.of("w", 1))));
    assertFalse(plain.sameAs(new Graph(List.of(new Node(Op.PARAM, List.of(), V2, "u"), S), 1, -1, Map.of("w", 0))));
  }

  @Test
  void aGraphIsImmutable() {
    List<Node> nodes = new java.util.ArrayList<>(List.of(W, S));
    Graph graph = new Graph(nodes, 1, -1, new LinkedHashMap<>(Map.of("w", 0)));
    nodes.add(S);
    assertEquals(2, graph.size());
    assertThrows(UnsupportedOperationException.class, () -> graph.nodes().add(S));
    assertThrows(UnsupportedOperationException.class, () -> graph.gradients().put("u", 1));
  }

  /** Id, op, operands, attribute, shape, name; origins in one column after the widest line; roots. */
  @Test
  void dumpPrintsOneNodeALineThenTheRoots() {
    GraphBuilder b = new GraphBuilder();
    b.at(new Origin("w", 2, 7, false));
    int w = b.param("w", V2);
    b.name(w, "w");
    b.at(null);
    int c = b.constant(V2, 1, 2);
    b.at(new Origin("w * c", 3, 5, false));
    int h = b.mul(w, c);
    b.name(h, "h");
    b.at(new Origin("sum(h)", 4, 6, true));
    int s = b.sum(h);
    Graph graph = b.build(s, h, Map.of("w", c));
    assertEquals("""
        %0 = param w : [2] w            # 2:7 w
        %1 = constant [1.0, 2.0] : [2]
        %2 = mul %0 %1 : [2] h          # 3:5 w * c
        %3 = sum %2 : []                # 4:6 grad of sum(h)
        loss = %3
        output = %2
        gradient w = %1
        """, graph.dump());
  }

  @Test
  void dumpShowsIndicesAsPositionsAndAtMostEightValues() {
    GraphBuilder b = new GraphBuilder();
    int big = b.filled(Shape.vector(9), 0.5);
    int element = b.index(big, List.of(4));
    Graph graph = b.build(element, -1, Map.of());
    assertEquals("""
        %0 = constant [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, … 9 values] : [9]
        %1 = index %0 [4] : []
        loss = %1
        """, graph.dump());
  }
}
