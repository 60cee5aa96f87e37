package io.gradgen.ir;

import java.util.List;
import java.util.Objects;

/**
 * One value of the tensor IR: an operation, the ids of its operands (always earlier nodes of the same
 * {@link Graph}), its static shape, and the operation's attribute: the name of a {@link Op#PARAM} or
 * {@link Op#INPUT}, the {@link Values} of a {@link Op#CONSTANT}, the {@link Indices} of an {@link
 * Op#INDEX} or {@link Op#INDEX_ADJOINT}; null otherwise.
 *
 * <p>Nodes are compared by value, which is what makes common-subexpression elimination a map lookup.
 */
public record Node(Op op, List<Integer> inputs, Shape shape, Object attribute) {
  public Node {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(shape, "shape");
    inputs = List.copyOf(inputs);
  }

  public int input(int index) {
    return inputs.get(index);
  }

  /** The name of a PARAM or INPUT. */
  public String name() {
    return (String) attribute;
  }

  public Values values() {
    return (Values) attribute;
  }

  public Indices indices() {
    return (Indices) attribute;
  }

  public boolean isConstant() {
    return op == Op.CONSTANT;
  }

  /** True for a constant whose every element is {@code value}. */
  public boolean isConstant(double value) {
    return op == Op.CONSTANT && values().allEqual(value);
  }
}
