package io.gradgen.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.ir.Evaluator;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtremaTest {
  private static final Extrema EXTREMA = new Extrema();

  @Test
  void amaxIsARunningMaxOverTheElementsInRowMajorOrder() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", Shape.matrix(2, 2));
    int chain = EXTREMA.apply(g, g.node(g.extremum(Op.AMAX, x)));
    Node last = g.node(chain);
    assertEquals(Op.MAX, last.op());
    assertEquals(List.of(1, 1), g.node(last.input(1)).indices().positions());
    assertEquals(Op.MIN, g.node(EXTREMA.apply(g, g.node(g.extremum(Op.AMIN, x)))).op());
  }

  @Test
  void aScalarIsItsOwnExtremumAndPosition0() {
    GraphBuilder g = new GraphBuilder();
    int a = g.param("a", Shape.SCALAR);
    assertEquals(a, EXTREMA.apply(g, g.node(g.extremum(Op.AMAX, a))));
    assertEquals(true, g.node(EXTREMA.apply(g, g.node(g.extremum(Op.ARGMAX, a)))).isConstant(0));
  }

  @Test
  void otherOpsAreLeftAlone() {
    GraphBuilder g = new GraphBuilder();
    int x = g.param("x", Shape.vector(3));
    assertEquals(-1, EXTREMA.apply(g, g.node(g.sum(x))));
  }

  /** The chain's value is the evaluator's, ties and all, for every order of a few small values. */
  @Test
  void theChainComputesWhatTheEvaluatorDoes() {
    double[][] cases = {{1, 2, 3}, {3, 2, 1}, {2, 3, 3}, {3, 3, 3}, {-1, -5, -1}, {0, -0.0, 0}, {1, 1, 2}};
    for (double[] values : cases) {
      for (Op op : List.of(Op.AMAX, Op.AMIN, Op.ARGMAX)) {
        GraphBuilder g = new GraphBuilder();
        int x = g.param("x", Shape.vector(3));
        int chain = EXTREMA.apply(g, g.node(g.extremum(op, x)));
        double expected = Evaluator.evaluate(g.node(g.extremum(op, x)), new Shape[] {Shape.vector(3)},
            new double[][] {values})[0];
        double actual = Evaluator.evaluate(g.build(chain, -1, Map.of()), Map.of("x", values), Map.of())[chain][0];
        assertEquals(expected, actual, op + " of " + java.util.Arrays.toString(values));
      }
    }
  }
}
