package io.gradgen.optimize;

import io.gradgen.ir.Evaluator;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;

/**
 * A node whose operands are all constants becomes a constant, computed by {@link Evaluator} with
 * exactly the kernel's arithmetic: its elementwise ops are {@link Op#apply}, and its sums (matrix
 * products, {@code sum}, {@code norm}) add their terms in the generated kernels' order, four
 * partial sums from eight terms on (the class doc of {@link Evaluator} spells it out). A folded
 * constant therefore holds the bits the kernel would have computed from the same values as params;
 * {@code ConstantFoldingTest} compiles both and compares. Every op but the leaves folds, {@link
 * Op#ONE_HOT} of a constant class included, unless its value has more than {@value
 * #MAX_FOLDED_SIZE} elements; IEEE arithmetic throughout, so {@code ∞ · 0} folds to NaN, not 0.
 *
 * <pre>
 * %0 = constant 2.0; %1 = constant 3.0; %2 = mul %0 %1   →   %2 = constant 6.0
 * </pre>
 */
final class ConstantFolding implements Rewrite {
  /** Folding a huge product would bloat the kernel with literals instead of a loop. */
  static final int MAX_FOLDED_SIZE = 4096;

  @Override
  public int apply(GraphBuilder graph, Node node) {
    if (node.op().kind() == Op.Kind.LEAF || node.inputs().isEmpty()) {
      return -1;
    }
    if (node.shape().size() > MAX_FOLDED_SIZE) {
      return -1;
    }
    double[][] operands = new double[node.inputs().size()][];
    Shape[] shapes = new Shape[operands.length];
    for (int i = 0; i < operands.length; i++) {
      Node operand = graph.node(node.input(i));
      if (!operand.isConstant()) {
        return -1;
      }
      operands[i] = operand.values().toArray();
      shapes[i] = operand.shape();
    }
    return graph.constant(node.shape(), Evaluator.evaluate(node, shapes, operands));
  }
}
