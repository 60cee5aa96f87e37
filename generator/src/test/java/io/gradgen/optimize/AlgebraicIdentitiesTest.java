package io.gradgen.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.ir.Evaluator;
import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each identity of {@link AlgebraicIdentities}, applied to one node built by hand, and the rules
 * that must not fire. The rule returns the id of the equivalent node, or -1.
 */
class AlgebraicIdentitiesTest {
  private static final AlgebraicIdentities RULE = new AlgebraicIdentities();
  private static final Shape V2 = Shape.vector(2);

  private static int rewrite(GraphBuilder g, int node) {
    return RULE.apply(g, g.node(node));
  }

  @Test
  void xPlusZeroIsX() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    int s = g.param("s", Shape.SCALAR);
    assertEquals(x, rewrite(g, g.add(x, g.scalar(0))));
    assertEquals(x, rewrite(g, g.add(g.filled(V2, 0), x)));
    assertEquals(x, rewrite(g, g.add(x, g.filled(V2, -0.0))));
    assertEquals(s, rewrite(g, g.add(s, g.scalar(0))));
  }

  /**
   * The documented exception: {@code x + 0 → x} keeps {@code −0.0} where IEEE gives {@code +0.0};
   * a constant {@code −0.0 + 0} is folded first, with IEEE's answer.
   */
  @Test
  void xPlusZeroKeepsTheSignOfANegativeZero() {
    GraphBuilder g = new GraphBuilder();
    int s = g.param("s", Shape.SCALAR);
    Graph graph = g.build(g.add(s, g.scalar(0)), -1, Map.of());
    Graph optimized = Optimize.apply(graph);
    Map<String, double[]> negativeZero = Map.of("s", new double[] {-0.0});
    assertEquals(Double.doubleToRawLongBits(0.0), bits(graph, negativeZero));
    assertEquals(Double.doubleToRawLongBits(-0.0), bits(optimized, negativeZero));

    GraphBuilder c = new GraphBuilder();
    Graph constant = Optimize.apply(c.build(c.add(c.scalar(-0.0), c.scalar(0)), -1, Map.of()));
    assertEquals(Double.doubleToRawLongBits(0.0), bits(constant, Map.of()));
  }

  @Test
  void xTimesOneIsX() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    assertEquals(x, rewrite(g, g.mul(x, g.scalar(1))));
    assertEquals(x, rewrite(g, g.mul(g.filled(V2, 1), x)));
  }

  @Test
  void xTimesMinusOneIsMinusX() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    int right = rewrite(g, g.mul(x, g.scalar(-1)));
    assertEquals(new Node(Op.NEG, List.of(x), V2, null), g.node(right));
    assertEquals(right, rewrite(g, g.mul(g.filled(V2, -1), x)));
  }

  @Test
  void xOverOneIsXButOneOverXStays() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    assertEquals(x, rewrite(g, g.div(x, g.scalar(1))));
    assertEquals(-1, rewrite(g, g.div(g.scalar(1), x)));
  }

  @Test
  void minusMinusXIsX() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    assertEquals(x, rewrite(g, g.neg(g.neg(x))));
    assertEquals(-1, rewrite(g, g.neg(x)));
  }

  @Test
  void theTransposeOfATransposeIsTheMatrix() {
    GraphBuilder g = new GraphBuilder();
    int m = g.param("m", Shape.matrix(2, 3));
    assertEquals(m, rewrite(g, g.transpose(g.transpose(m))));
    assertEquals(-1, rewrite(g, g.transpose(m)));
  }

  @Test
  void aBroadcastConstantIsTheFilledConstant() {
    GraphBuilder g = new GraphBuilder();
    int broadcast = g.broadcast(g.scalar(2.5), V2);
    assertEquals(g.filled(V2, 2.5), rewrite(g, broadcast));
    assertEquals(-1, rewrite(g, g.broadcast(g.param("s", Shape.SCALAR), V2)));
  }

  /**
   * ConstantFolding leaves a value of more than 4096 elements to the kernel's loop, and so does this
   * rule: {@code broadcast(2)} to [100, 100] stays a view, so the kernel of {@code param
   * w[100,100]; loss sum(w * 2)} reads {@code 2.0} instead of carrying a 10,000-literal array (it
   * did, 52 kB of source).
   */
  @Test
  void aBroadcastTooLargeToFoldStaysABroadcast() {
    GraphBuilder g = new GraphBuilder();
    assertEquals(-1, rewrite(g, g.broadcast(g.scalar(2), Shape.matrix(100, 100))));
  }

  @ParameterizedTest
  @EnumSource(value = Op.class, names = {"ADD", "MUL", "MAX", "MIN"})
  void commutativeOperandsArePutInIdOrder(Op op) {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    int y = g.param("y", V2);
    int ordered = g.binary(op, x, y);
    assertEquals(ordered, rewrite(g, g.binary(op, y, x)));
    assertEquals(-1, rewrite(g, ordered));
  }

  @ParameterizedTest
  @EnumSource(value = Op.class, names = {"DIV", "POW", "SAFE_DIV", "BCE"})
  void otherBinaryOpsKeepTheirOperandOrder(Op op) {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    int y = g.param("y", V2);
    assertEquals(-1, rewrite(g, g.binary(op, y, x)));
  }

  /**
   * {@code x · 0} stays: {@code ∞ · 0} is NaN, and only constant folding may rewrite a product
   * with 0, when both are (finite or not) constants.
   */
  @Test
  void xTimesZeroIsNotRewritten() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", Shape.SCALAR);
    int product = g.mul(x, g.scalar(0));
    assertEquals(-1, rewrite(g, product));
    Graph optimized = Optimize.apply(g.build(product, -1, Map.of()));
    assertEquals(Op.MUL, optimized.node(optimized.loss()).op());
    double[] atInfinity = Evaluator.evaluate(optimized, Map.of("x", new double[] {Double.POSITIVE_INFINITY}), Map.of())[optimized.loss()];
    assertTrue(Double.isNaN(atInfinity[0]));
  }

  @Test
  void aConstantThatIsNotFilledWithTheIdentityChangesNothing() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    int oneTwo = g.constant(V2, 1, 2);
    assertEquals(-1, rewrite(g, g.mul(x, oneTwo)));
    assertEquals(-1, rewrite(g, g.add(x, g.constant(V2, 0, 1e-300))));
    assertEquals(-1, rewrite(g, g.div(x, oneTwo)));
    assertEquals(-1, rewrite(g, g.mul(x, g.constant(V2, -1, 1))));
  }

  @Test
  void xMinusXIsNotZero() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", V2);
    assertEquals(-1, rewrite(g, g.sub(x, x)));
  }

  private static long bits(Graph graph, Map<String, double[]> params) {
    return Double.doubleToRawLongBits(Evaluator.evaluate(graph, params, Map.of())[graph.loss()][0]);
  }
}
