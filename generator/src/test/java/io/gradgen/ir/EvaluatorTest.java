package io.gradgen.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.ClassIndexException;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Every op on small inputs, and the order in which {@link Evaluator} adds a sum's terms: the
 * kernels' order (four lanes from eight terms on), chosen here with values that tell it from index
 * order.
 */
class EvaluatorTest {
  private static final Shape V3 = Shape.vector(3);
  private static final Shape M23 = Shape.matrix(2, 3);

  /** The leaves every case may use: w [2,3] = 1…6, v [3] = (1, −2, 0.5), s = 2, input x [3] = (3, 4, 12). */
  private record Leaves(GraphBuilder b, int w, int v, int s, int x) {}

  private static final Map<String, double[]> PARAMS =
      Map.of("w", new double[] {1, 2, 3, 4, 5, 6}, "v", new double[] {1, -2, 0.5}, "s", new double[] {2});
  private static final Map<String, double[]> INPUTS = Map.of("x", new double[] {3, 4, 12});

  /** The value of the node {@code build} adds, in a graph of the {@link Leaves}. */
  private static double[] value(ToIntFunction<Leaves> build) {
    GraphBuilder b = new GraphBuilder();
    Leaves leaves = new Leaves(b, b.param("w", M23), b.param("v", V3), b.param("s", Shape.SCALAR), b.input("x", V3));
    int id = build.applyAsInt(leaves);
    Graph graph = b.build(leaves.s(), -1, Map.of());
    return Evaluator.evaluate(graph, PARAMS, INPUTS)[id];
  }

  /** As {@link #value}, with {@code v} a constant vector of {@code elements} instead of the param. */
  private static double[] valueOf(double[] elements, ToIntFunction<Leaves> build) {
    return value(l -> build.applyAsInt(new Leaves(l.b(), l.w(),
        l.b().constant(Shape.vector(elements.length), elements), l.s(), l.x())));
  }

  @Test
  void paramsAndInputsComeFromTheMapsByName() {
    assertArrayEquals(PARAMS.get("w"), value(Leaves::w));
    assertArrayEquals(INPUTS.get("x"), value(Leaves::x));
  }

  @Test
  void aMissingOrMisshapedLeafIsAnError() {
    GraphBuilder b = new GraphBuilder();
    int w = b.param("w", V3);
    Graph graph = b.build(b.sum(w), -1, Map.of());
    assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(graph, Map.of(), Map.of()));
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Evaluator.evaluate(graph, Map.of("w", new double[2]), Map.of()));
    assertEquals("no value of shape [3] for w", error.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Evaluator.evaluate(b.node(w), new Shape[0], new double[0][]));
  }

  @Test
  void structure() {
    assertArrayEquals(new double[] {7, 8, 9}, value(l -> l.b().constant(V3, 7, 8, 9)));
    assertArrayEquals(new double[] {2, 2, 2}, value(l -> l.b().broadcast(l.s(), V3)));
    assertArrayEquals(new double[] {21}, value(l -> l.b().sum(l.w())));
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, value(l -> l.b().transpose(l.w())));
    assertArrayEquals(new double[] {6}, value(l -> l.b().index(l.w(), List.of(1, 2))));
    assertArrayEquals(new double[] {4, 5, 6}, value(l -> l.b().index(l.w(), List.of(1))));
    assertArrayEquals(new double[] {0, 0, 0, 1, -2, 0.5},
        value(l -> l.b().indexAdjoint(l.v(), new Indices(List.of(1), M23))));
    assertArrayEquals(new double[] {0, 0, 2, 0, 0, 0},
        value(l -> l.b().indexAdjoint(l.s(), new Indices(List.of(0, 2), M23))));
  }

  /** The class is rounded half up; one outside the classes gives zeros; NaN rounds to class 0, as in the kernel. */
  @Test
  void oneHot() {
    assertArrayEquals(new double[] {0, 0, 1, 0}, value(l -> l.b().oneHot(l.s(), 4)));
    assertArrayEquals(new double[] {0, 0, 0, 1}, value(l -> l.b().oneHot(l.b().scalar(2.5), 4)));
    // A class that is none of them is refused, as PyTorch refuses it, not a vector of zeros.
    assertThrows(ClassIndexException.class, () -> value(l -> l.b().oneHot(l.s(), 2)));
    assertThrows(ClassIndexException.class, () -> value(l -> l.b().oneHot(l.b().scalar(-1), 2)));
    assertThrows(ClassIndexException.class, () -> value(l -> l.b().oneHot(l.b().scalar(Double.NaN), 2)));
  }

  @Test
  void everyElementwiseOpIsApplyElementByElement() {
    double[] v = PARAMS.get("v");
    double[] x = INPUTS.get("x");
    for (Op op : Op.values()) {
      double[] expected = new double[3];
      double[] actual;
      if (op.kind() == Op.Kind.UNARY) {
        for (int i = 0; i < 3; i++) {
          expected[i] = op.apply(v[i]);
        }
        actual = value(l -> l.b().unary(op, l.v()));
      } else if (op.kind() == Op.Kind.BINARY) {
        for (int i = 0; i < 3; i++) {
          expected[i] = op.apply(v[i], x[i]);
        }
        actual = value(l -> l.b().binary(op, l.v(), l.x()));
      } else {
        continue;
      }
      assertArrayEquals(expected, actual, op.label());
    }
  }

  @Test
  void matmulInItsFourShapesAndOuter() {
    assertArrayEquals(new double[] {-1.5, -3}, value(l -> l.b().matmul(l.w(), l.v())));
    assertArrayEquals(new double[] {-1.5, -3}, value(l -> l.b().matmul(l.v(), l.b().transpose(l.w()))));
    assertArrayEquals(new double[] {1}, value(l -> l.b().matmul(l.v(), l.x())));
    assertArrayEquals(new double[] {14, 32, 32, 77}, value(l -> l.b().matmul(l.w(), l.b().transpose(l.w()))));
    assertArrayEquals(new double[] {3, 4, 12, -6, -8, -24, 1.5, 2, 6}, value(l -> l.b().outer(l.v(), l.x())));
  }

  @Test
  void normAndLogsumexp() {
    assertArrayEquals(new double[] {13}, value(l -> l.b().norm(l.x())));
    assertArrayEquals(new double[] {Math.log(Math.exp(1) + Math.exp(-2) + Math.exp(0.5))},
        value(l -> l.b().logsumexp(l.v())), 1e-15);
    assertArrayEquals(new double[] {1000 + Math.log(2)}, valueOf(new double[] {1000, 1000}, l -> l.b().logsumexp(l.v())));
    double inf = Double.POSITIVE_INFINITY;
    assertArrayEquals(new double[] {-inf}, valueOf(new double[] {-inf, -inf}, l -> l.b().logsumexp(l.v())));
    assertArrayEquals(new double[] {inf}, valueOf(new double[] {inf, 0}, l -> l.b().logsumexp(l.v())));
  }

  // The order of a sum's terms.

  /** 1e16 + 1 rounds back to 1e16: in index order three of the ones are lost, in lanes none. */
  private static final double[] NINE = {1e16, 1, 1, 1, -1e16, 1, 1, 1, 1};

  @Test
  void aSumOfEightOrMoreTermsAddsFourLanesFinishedInPairs() {
    double[] t = NINE;
    double lanes = ((0.0 + t[0] + t[4] + t[8]) + (0.0 + t[1] + t[5])) + ((0.0 + t[2] + t[6]) + (0.0 + t[3] + t[7]));
    assertEquals(7, lanes);
    assertEquals(4, indexOrder(t));
    assertArrayEquals(new double[] {lanes}, valueOf(t, l -> l.b().sum(l.v())));
  }

  @Test
  void aSumOfFewerThanEightTermsAddsInIndexOrder() {
    double[] seven = java.util.Arrays.copyOf(NINE, 7);
    assertEquals(2, indexOrder(seven));
    assertArrayEquals(new double[] {2}, valueOf(seven, l -> l.b().sum(l.v())));
  }

  @Test
  void eachInnerSumOfAMatrixProductIsSplit() {
    double[] row = java.util.Arrays.copyOf(NINE, 8);
    double[] m = new double[16];
    System.arraycopy(row, 0, m, 0, 8);
    System.arraycopy(row, 0, m, 8, 8);
    m[15] = 2;
    assertEquals(3, indexOrder(row));
    double[] product = value(l -> l.b().matmul(l.b().constant(Shape.matrix(2, 8), m), l.b().filled(Shape.vector(8), 1)));
    assertArrayEquals(new double[] {6, 7}, product);
  }

  /**
   * 2²⁶ and ten 0.9s: each 0.81 added to 2⁵² rounds to a whole 1, so index order gives 2⁵² + 10;
   * in lanes three of them add their 0.81s first, giving 2⁵² + 8, and another square root.
   */
  @Test
  void theNormsSumOfSquaresIsSplitToo() {
    double[] x = {1 << 26, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
    double t = 0.9 * 0.9;
    double lanes = ((0.0 + x[0] * x[0] + t + t) + (0.0 + t + t + t)) + ((0.0 + t + t + t) + (0.0 + t + t));
    double[] squares = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      squares[i] = x[i] * x[i];
    }
    assertNotEquals(Math.sqrt(indexOrder(squares)), Math.sqrt(lanes));
    assertArrayEquals(new double[] {Math.sqrt(lanes)}, valueOf(x, l -> l.b().norm(l.v())));
  }

  /** As a rolled kernel loop, each partial sum starts at +0.0, so a sum of −0.0s is +0.0. */
  @Test
  void aSumOfNegativeZerosIsPositiveZero() {
    double[] nine = new double[9];
    java.util.Arrays.fill(nine, -0.0);
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(valueOf(nine, l -> l.b().sum(l.v()))[0]));
    double[] two = {-0.0, -0.0};
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(valueOf(two, l -> l.b().sum(l.v()))[0]));
  }

  private static double indexOrder(double[] terms) {
    double sum = 0.0;
    for (double term : terms) {
      sum += term;
    }
    return sum;
  }
}
