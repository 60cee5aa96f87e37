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
