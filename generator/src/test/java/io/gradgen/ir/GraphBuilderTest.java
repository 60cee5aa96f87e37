package io.gradgen.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphBuilderTest {
  private static final Shape V2 = Shape.vector(2);
  private static final Shape V3 = Shape.vector(3);
  private static final Origin FIRST = new Origin("a * b", 1, 6, false);
  private static final Origin SECOND = new Origin("b * a", 2, 6, false);

  // Hash-consing.

  @Test
  void anEqualNodeIsCreatedOnce() {
    GraphBuilder b = new GraphBuilder();
    int w = b.param("w", V2);
    int product = b.mul(w, w);
    assertEquals(w, b.param("w", V2));
    assertEquals(product, b.mul(w, w));
    assertEquals(product, b.add(new Node(Op.MUL, List.of(w, w), V2, null)));
    assertEquals(2, b.size());
  }

  @Test
  void equalConstantsAreOneNodeByValue() {
    GraphBuilder b = new GraphBuilder();
    int one = b.constant(V2, 1, 1);
    assertEquals(one, b.filled(V2, 1));
    assertEquals(one, b.constant(V2, new double[] {1.0, 1.0}));
    assertNotEquals(one, b.filled(V3, 1));
    assertNotEquals(b.scalar(0.0), b.scalar(-0.0));
  }

  @Test
  void nodesThatDifferInOperandOrderShapeOrAttributeAreDistinct() {
    GraphBuilder b = new GraphBuilder();
    int x = b.param("x", V2);
    int y = b.param("y", V2);
    assertNotEquals(b.add(x, y), b.add(y, x), "commutativity is AlgebraicIdentities' job");
    assertNotEquals(b.param("x", V3), x);
    assertNotEquals(b.input("x", V2), x);
    assertNotEquals(b.index(b.param("m", Shape.matrix(2, 2)), List.of(0)),
        b.index(b.param("m", Shape.matrix(2, 2)), List.of(1)));
  }

  @Test
  void anOperandMustAlreadyBeInTheBuilder() {
    GraphBuilder b = new GraphBuilder();
    b.param("w", V2);
    assertThrows(IllegalArgumentException.class, () -> b.add(new Node(Op.NEG, List.of(1), V2, null)));
    assertThrows(IllegalArgumentException.class, () -> b.add(new Node(Op.NEG, List.of(-1), V2, null)));
  }

  // The typed helpers.

  @Test
  void aScalarOperandOfABinaryOpIsBroadcastOnEitherSide() {
    GraphBuilder b = new GraphBuilder();
    int v = b.param("v", V3);
    int s = b.param("s", Shape.SCALAR);
    int left = b.mul(s, v);
    Node product = b.node(left);
    assertEquals(V3, product.shape());
    Node broadcast = b.node(product.input(0));
    assertEquals(Op.BROADCAST, broadcast.op());
    assertEquals(List.of(s), broadcast.inputs());
    assertEquals(V3, broadcast.shape());
    int right = b.div(v, s);
    assertEquals(product.input(0), b.node(right).input(1));
    assertEquals(Shape.SCALAR, b.shape(b.add(s, s)));
  }

  @Test
  void operandsAreStretchedByOpsWhoseAdjointsSumOverTheStretchedAxes() {
    GraphBuilder b = new GraphBuilder();
    Shape m23 = Shape.matrix(2, 3);
    int row = b.param("r", V3);
    Node rows = b.node(b.expand(row, m23));
    assertEquals(Op.OUTER, rows.op());
    assertTrue(b.node(rows.input(0)).isConstant(1));
    assertEquals(row, rows.input(1));
    Node column = b.node(b.expand(b.param("c", Shape.matrix(2, 1)), m23));
    assertEquals(Op.MATMUL, column.op());
    assertEquals(Shape.matrix(1, 3), b.shape(column.input(1)));
    Node top = b.node(b.expand(b.param("t", Shape.matrix(1, 3)), m23));
    assertEquals(Op.MATMUL, top.op());
    assertEquals(Shape.matrix(2, 1), b.shape(top.input(0)));
    Node single = b.node(b.expand(b.param("s", Shape.matrix(1, 1)), m23));
    assertEquals(Op.BROADCAST, single.op());
    assertEquals(Op.INDEX, b.node(single.input(0)).op());
    int both = b.add(b.param("p", Shape.matrix(2, 1)), b.param("q", Shape.matrix(1, 3)));
    assertEquals(m23, b.shape(both));
    assertEquals(row, b.expand(row, V3));
  }

  @Test
  void binaryOperandsOfTwoOtherShapesAreABug() {
    GraphBuilder b = new GraphBuilder();
    int v = b.param("v", V3);
    int u = b.param("u", V2);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> b.add(v, u));
    assertEquals("cannot add [3] and [2]", error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> b.binary(Op.MUL, b.param("m", Shape.matrix(1, 2)), v));
  }

  @Test
  void theHelpersCheckTheOpsKind() {
    GraphBuilder b = new GraphBuilder();
    int v = b.param("v", V3);
    assertThrows(IllegalArgumentException.class, () -> b.unary(Op.ADD, v));
    assertThrows(IllegalArgumentException.class, () -> b.binary(Op.EXP, v, v));
    assertEquals(Op.EXP, b.node(b.unary(Op.EXP, v)).op());
  }

  @Test
  void subtractionIsAdditionOfTheNegation() {
    GraphBuilder b = new GraphBuilder();
    int x = b.param("x", V2);
    int y = b.param("y", V2);
    int difference = b.sub(x, y);
    assertEquals(new Node(Op.ADD, List.of(x, b.neg(y)), V2, null), b.node(difference));
  }

  @Test
  void onlyAScalarBroadcastsAndAScalarIsItsOwnBroadcastAndSum() {
    GraphBuilder b = new GraphBuilder();
    int s = b.param("s", Shape.SCALAR);
    int v = b.param("v", V3);
    assertEquals(s, b.broadcast(s, Shape.SCALAR));
    assertEquals(s, b.sum(s));
    assertThrows(IllegalArgumentException.class, () -> b.broadcast(v, Shape.matrix(3, 3)));
    assertEquals(Shape.SCALAR, b.shape(b.sum(v)));
  }

  @Test
  void aConstantNeedsOneValuePerElement() {
    GraphBuilder b = new GraphBuilder();
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> b.constant(V3, 1, 2));
    assertEquals("2 values for shape [3]", error.getMessage());
  }

  @Test
  void structureHelpersGiveTheirShapes() {
    GraphBuilder b = new GraphBuilder();
    int m = b.param("m", Shape.matrix(2, 3));
    int v = b.param("v", V3);
    assertEquals(Shape.matrix(3, 2), b.shape(b.transpose(m)));
    assertEquals(V3, b.shape(b.index(m, List.of(1))));
    assertEquals(Shape.SCALAR, b.shape(b.index(m, List.of(1, 2))));
    assertEquals(Shape.matrix(2, 3), b.shape(b.indexAdjoint(b.scalar(1), new Indices(List.of(1, 2), Shape.matrix(2, 3)))));
    assertEquals(Shape.vector(4), b.shape(b.oneHot(b.scalar(2), 4)));
    assertEquals(Shape.matrix(2, 3), b.shape(b.outer(b.param("u", V2), v)));
    assertThrows(IllegalArgumentException.class, () -> b.outer(m, v));
    assertEquals(Shape.SCALAR, b.shape(b.norm(m)));
    assertEquals(Shape.SCALAR, b.shape(b.logsumexp(v)));
  }

  @Test
  void matmulShapeHasFourShapes() {
    assertEquals(Shape.matrix(2, 4), GraphBuilder.matmulShape(Shape.matrix(2, 3), Shape.matrix(3, 4)));
    assertEquals(Shape.vector(2), GraphBuilder.matmulShape(Shape.matrix(2, 3), V3));
    assertEquals(Shape.vector(4), GraphBuilder.matmulShape(V3, Shape.matrix(3, 4)));
    assertEquals(Shape.SCALAR, GraphBuilder.matmulShape(V3, V3));
  }

  @Test
  void matmulShapeRejectsScalarsAndInnerSizesThatDiffer() {
    assertThrows(IllegalArgumentException.class, () -> GraphBuilder.matmulShape(Shape.SCALAR, V3));
    assertThrows(IllegalArgumentException.class, () -> GraphBuilder.matmulShape(V3, Shape.SCALAR));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> GraphBuilder.matmulShape(Shape.matrix(2, 3), Shape.matrix(2, 3)));
    assertEquals("cannot multiply [2, 3] @ [2, 3]", error.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GraphBuilder.matmulShape(V3, V2));
    assertThrows(IllegalArgumentException.class, () -> GraphBuilder.matmulShape(Shape.matrix(2, 3), V2));
    assertThrows(IllegalArgumentException.class, () -> GraphBuilder.matmulShape(V2, Shape.matrix(3, 2)));
  }

  // Provenance.

  @Test
  void newNodesTakeTheCurrentOriginAndExistingOnesKeepTheirFirst() {
    GraphBuilder b = new GraphBuilder();
    int a = b.param("a", V2);
    assertNull(b.at(FIRST));
    int c = b.param("c", V2);
    int product = b.mul(a, c);
    assertEquals(FIRST, b.at(SECOND));
    int again = b.mul(a, c);
    int sum = b.add(a, c);
    b.at(null);
    int unplaced = b.neg(a);
    Graph graph = b.build(b.sum(sum), -1, Map.of());
    assertEquals(product, again);
    assertEquals(Optional.empty(), graph.provenance().origin(a));
    assertEquals(Optional.of(FIRST), graph.provenance().origin(c));
    assertEquals(Optional.of(FIRST), graph.provenance().origin(product));
    assertEquals(Optional.of(SECOND), graph.provenance().origin(sum));
    assertEquals(Optional.empty(), graph.provenance().origin(unplaced));
  }

  @Test
  void aNodeKeepsTheFirstNameItIsGiven() {
    GraphBuilder b = new GraphBuilder();
    int h = b.unary(Op.EXP, b.param("w", V2));
    b.name(h, "h");
    b.name(h, "g");
    Graph graph = b.build(b.sum(h), -1, Map.of());
    assertEquals(Optional.of("h"), graph.provenance().name(h));
    assertEquals(Map.of(h, "h"), graph.provenance().names());
  }

  @Test
  void aBuilderFromAGraphKeepsItsIdsOriginsAndNames() {
    GraphBuilder b = new GraphBuilder();
    b.at(FIRST);
    int w = b.param("w", V2);
    b.name(w, "w");
    int loss = b.sum(b.mul(w, w));
    Graph graph = b.build(loss, -1, Map.of());
    GraphBuilder more = new GraphBuilder(graph);
    assertEquals(graph.size(), more.size());
    assertEquals(loss, more.sum(more.mul(w, w)));
    int extra = more.neg(w);
    Graph extended = more.build(loss, -1, Map.of("w", extra));
    assertEquals(graph.nodes(), extended.nodes().subList(0, graph.size()));
    assertEquals(Optional.of(FIRST), extended.provenance().origin(loss));
    assertEquals(Optional.of("w"), extended.provenance().name(w));
    assertEquals(Optional.empty(), extended.provenance().origin(extra));
  }
}
