package io.gradgen.check;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Indices;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import java.util.List;

/**
 * The lowerings of the reductions that take an {@code axis} (and {@code keepdim}), of the softmax
 * family and of {@code argmax}, as {@code torch.sum(t, dim, keepdim)} and its siblings mean them.
 * Only primitives every backend emits are used:
 *
 * <pre>
 * sum(m[3,4], axis = 0)                →  ones[3] @ m                  (a vector·matrix product: [4])
 * sum(m, axis = 1, keepdim = true)     →  (m @ ones[4]) ⊗ ones[1]       ([3, 1])
 * logsumexp(m, axis = 1)               →  Σ_i place(logsumexp(m[i]), i)  (one whole-row reduction per row)
 * softmax(m, axis = 1)                 →  exp(m − logsumexp(m, axis = 1) ⊗ ones[4])
 * log_softmax(v)                       →  v − logsumexp(v)
 * </pre>
 *
 * The reductions that are not sums ({@code logsumexp}, {@code max}, {@code min}, {@code argmax})
 * reduce each row (or, for {@code axis = 0}, each column: a row of the transpose) with their
 * whole-tensor primitive and place the results into one vector, so their numerics and tie rules
 * are exactly the whole-tensor ones. A negative axis counts from the end, as in PyTorch; {@code
 * keepdim} needs an axis. Without an axis, {@code softmax} and {@code log_softmax} of a matrix
 * take {@code axis = 1}, the dimension PyTorch's deprecated implicit choice takes for rank 2, and
 * every reduction reduces all elements.
 */
final class AxisReductions {
  private AxisReductions() {}

  /** {@code sum(t, axis, keepdim)}: slots 0, 1, 2. */
  static int sum(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    Integer axis = axis(arguments, graph.shape(x), 1, 2);
    if (axis == null) {
      return graph.sum(x);
    }
    return keep(arguments, graph, axisSum(graph, x, axis), graph.shape(x), axis, 2);
  }

  /** {@code mean(t, axis, keepdim)}: the sum divided by the count, as {@code torch.mean}. */
  static int mean(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    Shape shape = graph.shape(x);
    Integer axis = axis(arguments, shape, 1, 2);
    if (axis == null) {
      return Builtins.mean(graph, x);
    }
    int mean = graph.div(axisSum(graph, x, axis), graph.scalar(shape.dim(axis)));
    return keep(arguments, graph, mean, shape, axis, 2);
  }

  /** {@code logsumexp(t, axis, keepdim)}. */
  static int logsumexp(Arguments arguments, GraphBuilder graph) {
    return whole(arguments, graph, (g, x) -> g.logsumexp(x));
  }

  /** {@code argmax(t, axis, keepdim)}: a position, integer-valued, with no gradient. */
  static int argmax(Arguments arguments, GraphBuilder graph) {
    return whole(arguments, graph, (g, x) -> g.extremum(Op.ARGMAX, x));
  }

  /**
   * {@code max(a, b)} elementwise, or {@code max(t, axis, keepdim)} ({@code torch.amax}; all elements
   * without an axis): slots a, b, axis, keepdim.
   */
  static int extremum(Arguments arguments, GraphBuilder graph, Op elementwise) {
    if (arguments.given(1)) {
      if (arguments.given(2) || arguments.given(3)) {
        throw arguments.error(arguments.call().function() + " of two tensors is elementwise and takes no axis");
      }
      int a = arguments.tensor(0);
      int b = arguments.tensor(1);
      ExpressionLowering.requireBroadcastable(arguments.call(), "compare", graph.shape(a), graph.shape(b));
      return graph.binary(elementwise, a, b);
    }
    Op reduction = elementwise == Op.MAX ? Op.AMAX : Op.AMIN;
    int x = arguments.tensor(0);
    Integer axis = axis(arguments, graph.shape(x), 2, 3);
    if (axis == null) {
      return graph.extremum(reduction, x);
    }
    return keep(arguments, graph, along(graph, x, axis, (g, slice) -> g.extremum(reduction, slice)),
        graph.shape(x), axis, 3);
  }

  /** {@code softmax(t, axis)}: {@code exp(t − logsumexp(t, axis))}, torch's max-shifted form. */
  static int softmax(Arguments arguments, GraphBuilder graph) {
    int[] shifted = shifted(arguments, graph);
    return graph.unary(Op.EXP, graph.sub(shifted[0], shifted[1]));
  }

  /** {@code log_softmax(t, axis)}: {@code t − logsumexp(t, axis)}. */
  static int logSoftmax(Arguments arguments, GraphBuilder graph) {
    int[] shifted = shifted(arguments, graph);
    return graph.sub(shifted[0], shifted[1]);
  }

  /** The operand and its logsumexp along the softmax axis, stretched back to the operand's shape. */
  private static int[] shifted(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    Shape shape = graph.shape(x);
    if (shape.isScalar()) {
      throw arguments.error(arguments.call().function() + " needs a vector or a matrix, not a scalar");
    }
    Integer given = axis(arguments, shape, 1, -1);
    int axis = given != null ? given : shape.rank() - 1;
    if (shape.rank() == 1) {
      return new int[] {x, graph.logsumexp(x)};
    }
    int lse = along(graph, x, axis, (g, slice) -> g.logsumexp(slice));
    int stretched = axis == 1 ? graph.outer(lse, graph.filled(Shape.vector(shape.dim(1)), 1)) : graph.expand(lse, shape);
    return new int[] {x, stretched};
  }

  /** A reduction with no sum of its own: the whole-tensor primitive, or one per row along the axis. */
  private static int whole(Arguments arguments, GraphBuilder graph, Reduction reduce) {
    int x = arguments.tensor(0);
    Integer axis = axis(arguments, graph.shape(x), 1, 2);
    if (axis == null) {
      return reduce.apply(graph, x);
    }
    return keep(arguments, graph, along(graph, x, axis, reduce), graph.shape(x), axis, 2);
  }

  /** A reduction of one tensor to one scalar. */
  @FunctionalInterface
  interface Reduction {
    int apply(GraphBuilder graph, int x);
  }

  /**
   * The axis in slot {@code slot} (negative: from the end), or null when the call gives none;
   * keepdim (slot {@code keepSlot}, -1 for none) is refused without one.
   */
  private static Integer axis(Arguments arguments, Shape shape, int slot, int keepSlot) {
    if (!arguments.given(slot)) {
      if (keepSlot >= 0 && arguments.given(keepSlot)) {
        throw arguments.error("keepdim needs an axis: " + arguments.call().function() + "(t, axis = 0, keepdim = true)");
      }
      return null;
    }
    int axis = arguments.integer(slot);
    if (shape.isScalar()) {
      throw arguments.error("cannot reduce a scalar along axis " + axis);
    }
    if (axis < -shape.rank() || axis >= shape.rank()) {
      throw arguments.error("axis " + axis + " is out of range for " + shape + " (axes 0 to " + (shape.rank() - 1) + ")");
    }
    return axis < 0 ? axis + shape.rank() : axis;
  }

  /** The sum along {@code axis}: a product with ones, whose terms are the elements times 1, in order. */
  private static int axisSum(GraphBuilder graph, int x, int axis) {
    Shape shape = graph.shape(x);
    if (shape.rank() == 1) {
      return graph.sum(x);
    }
    return axis == 0
        ? graph.matmul(graph.filled(Shape.vector(shape.dim(0)), 1), x)
        : graph.matmul(x, graph.filled(Shape.vector(shape.dim(1)), 1));
  }

  /**
   * {@code reduce} of each slice along {@code axis}: of a vector, the whole; of a matrix, each row
   * ({@code axis = 1}) or column ({@code axis = 0}), placed into one vector in order.
   */
  private static int along(GraphBuilder graph, int x, int axis, Reduction reduce) {
    Shape shape = graph.shape(x);
    if (shape.rank() == 1) {
      return reduce.apply(graph, x);
    }
    int rows = axis == 1 ? x : graph.transpose(x);
    int count = graph.shape(rows).dim(0);
    Shape result = Shape.vector(count);
    int assembled = -1;
    for (int k = 0; k < count; k++) {
      int value = reduce.apply(graph, graph.index(rows, List.of(k)));
      int placed = graph.indexAdjoint(value, new Indices(List.of(k), result));
      assembled = assembled < 0 ? placed : graph.add(assembled, placed);
    }
    return assembled;
  }

  /** The reduced value, with the reduced axis kept as size 1 when {@code keepdim} (slot {@code keepSlot}). */
  private static int keep(Arguments arguments, GraphBuilder graph, int reduced, Shape shape, int axis, int keepSlot) {
    if (!arguments.flag(keepSlot, false)) {
      return reduced;
    }
    if (shape.rank() == 1) {
      return graph.broadcast(reduced, Shape.vector(1));
    }
    int one = graph.filled(Shape.vector(1), 1);
    return axis == 0 ? graph.outer(one, reduced) : graph.outer(reduced, one);
  }
}
