package io.gradgen.ir;

import java.util.List;

/**
 * A static tensor shape: {@code []} (a scalar), {@code [n]} or {@code [m, n]}. Every size is known
 * when the model is compiled, so every loop the emitters write has constant bounds.
 */
public record Shape(List<Integer> dims) {

  public static final Shape SCALAR = new Shape(List.of());

  public Shape {
    dims = List.copyOf(dims);
    if (dims.size() > 2) {
      throw new IllegalArgumentException("rank " + dims.size() + " is not supported");
    }
    for (int dimension : dims) {
      if (dimension < 1) {
        throw new IllegalArgumentException("sizes must be positive: " + dims);
      }
    }
  }

  public static Shape vector(int n) {
    return new Shape(List.of(n));
  }

  public static Shape matrix(int m, int n) {
    return new Shape(List.of(m, n));
  }

  public int rank() {
    return dims.size();
  }

  public boolean isScalar() {
    return dims.isEmpty();
  }

  public int size() {
    int size = 1;
    for (int dimension : dims) {
      size *= dimension;
    }
    return size;
  }

  public int dim(int axis) {
    return dims.get(axis);
  }

  /**
   * The shape {@code a} and {@code b} broadcast to, as NumPy and PyTorch do, or empty when they do
   * not: shapes align from the right and a size 1 stretches ({@code [2, 3]} and {@code [3]} give
   * {@code [2, 3]}, {@code [n, 1]} and {@code [1, m]} give {@code [n, m]}); a scalar broadcasts
   * against anything. This is the one rule of every elementwise binary operation: the checker
   * asks it for each, and {@link GraphBuilder#binary} stretches the operands to its answer.
   */
  public static java.util.Optional<Shape> broadcast(Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    Integer[] dims = new Integer[rank];
    for (int fromRight = 1; fromRight <= rank; fromRight++) {
      int da = fromRight <= a.rank() ? a.dim(a.rank() - fromRight) : 1;
      int db = fromRight <= b.rank() ? b.dim(b.rank() - fromRight) : 1;
      if (da != db && da != 1 && db != 1) {
        return java.util.Optional.empty();
      }
      dims[rank - fromRight] = Math.max(da, db);
    }
    return java.util.Optional.of(new Shape(List.of(dims)));
  }

  /** The transposed matrix shape. */
  public Shape transposed() {
    if (rank() != 2) {
      throw new IllegalArgumentException("only a matrix has a transpose: " + this);
    }
    return matrix(dims.get(1), dims.get(0));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < dims.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(dims.get(i));
    }
    return text.append(']').toString();
  }
}
