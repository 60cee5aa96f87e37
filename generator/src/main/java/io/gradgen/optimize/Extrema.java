package io.gradgen.optimize;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import java.util.List;

/**
 * Writes {@code amax}, {@code amin} and {@code argmax} of a tensor as a chain over its elements in
 * row-major order, from ops every backend already emits; once the graph is differentiated their
 * own adjoint rules (the even split between ties) have done their work, and the chain is only a
 * value.
 *
 * <pre>
 * amax(x[3])    →  max(max(x[0], x[1]), x[2])
 * argmax(x[3])  →  p1 = 0 + (1 − 0)·step(x[1] − x[0]),  b1 = max(x[0], x[1]),
 *                  p2 = p1 + (2 − p1)·step(x[2] − b1)       (step: 1 where positive, so a tie keeps the first)
 * </pre>
 *
 * The values are those of {@link io.gradgen.ir.Evaluator}'s extremum, bit for bit: every step is a
 * comparison or a product by 0 or 1 of small integers.
 */
final class Extrema implements Rewrite {
  @Override
  public int apply(GraphBuilder graph, Node node) {
    Op op = node.op();
    if (op != Op.AMAX && op != Op.AMIN && op != Op.ARGMAX) {
      return -1;
    }
    int x = node.input(0);
    Shape shape = graph.shape(x);
    int best = element(graph, x, shape, 0);
    int position = graph.scalar(0);
    for (int k = 1; k < shape.size(); k++) {
      int next = element(graph, x, shape, k);
      if (op == Op.ARGMAX) {
        int exceeds = graph.unary(Op.STEP, graph.sub(next, best));
        position = graph.add(position, graph.mul(graph.sub(graph.scalar(k), position), exceeds));
      }
      best = graph.binary(op == Op.AMIN ? Op.MIN : Op.MAX, best, next);
    }
    return op == Op.ARGMAX ? position : best;
  }

  private static int element(GraphBuilder graph, int x, Shape shape, int flat) {
    if (shape.isScalar()) {
      return x;
    }
    List<Integer> at = shape.rank() == 1 ? List.of(flat) : List.of(flat / shape.dim(1), flat % shape.dim(1));
    return graph.index(x, at);
  }
}
