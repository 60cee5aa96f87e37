package io.gradgen.optimize;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;

/**
 * Identities that hold for every IEEE value, so rewriting never changes a result:
 *
 * <pre>
 * x + 0 → x          x · 1 → x          x / 1 → x          x · (−1) → −x
 * −(−x) → x          (xᵀ)ᵀ → x          broadcast(c) → the filled constant
 * </pre>
 *
 * {@code x · 0 → 0} is applied only where {@code x} is a finite constant (constant folding does
 * that), since {@code ∞ · 0} is NaN and the kernel must keep PyTorch's answer. {@code x + 0} keeps
 * {@code x}, which differs from IEEE only for {@code x = −0}: the rewritten graph keeps {@code −0.0}
 * where IEEE gives {@code +0.0}, a difference only an op that reads the sign of a zero ({@code 1 /
 * x}, {@code sign}, {@code min}, {@code max}) passes on. Commutative operands are put in id order so
 * that {@code a + b} and {@code b + a} become one node.
 *
 * <p>Each rule returns the id of the equivalent node, built in the builder where it is new, or -1;
 * {@code AlgebraicIdentitiesTest} has one case per identity and the ones that must not fire.
 */
final class AlgebraicIdentities implements Rewrite {

  @Override
  public int apply(GraphBuilder graph, Node node) {
    switch (node.op()) {
      case ADD, MUL, MAX, MIN -> {
        int a = node.input(0);
        int b = node.input(1);
        if (node.op() == Op.ADD) {
          if (isFilled(graph, b, 0)) {
            return a;
          }
          if (isFilled(graph, a, 0)) {
            return b;
          }
        }
        if (node.op() == Op.MUL) {
          if (isFilled(graph, b, 1)) {
            return a;
          }
          if (isFilled(graph, a, 1)) {
            return b;
          }
          if (isFilled(graph, b, -1)) {
            return graph.neg(a);
          }
          if (isFilled(graph, a, -1)) {
            return graph.neg(b);
          }
        }
        if (a > b) {
          return graph.add(node.op(), node.shape(), null, b, a);
        }
        return -1;
      }
      case DIV -> {
        return isFilled(graph, node.input(1), 1) ? node.input(0) : -1;
      }
      case NEG -> {
        Node operand = graph.node(node.input(0));
        return operand.op() == Op.NEG ? operand.input(0) : -1;
      }
      case TRANSPOSE -> {
        Node operand = graph.node(node.input(0));
        return operand.op() == Op.TRANSPOSE ? operand.input(0) : -1;
      }
      case BROADCAST -> {
        Node operand = graph.node(node.input(0));
        boolean small = node.shape().size() <= ConstantFolding.MAX_FOLDED_SIZE;
        return operand.isConstant() && small ? graph.filled(node.shape(), operand.values().get(0)) : -1;
      }
      default -> {
        return -1;
      }
    }
  }

  /** A constant with every element {@code value}, or a broadcast of such a scalar. */
  private static boolean isFilled(GraphBuilder graph, int id, double value) {
    Node node = graph.node(id);
    if (node.isConstant(value)) {
      return true;
    }
    return node.op() == Op.BROADCAST && graph.node(node.input(0)).isConstant(value);
  }
}
