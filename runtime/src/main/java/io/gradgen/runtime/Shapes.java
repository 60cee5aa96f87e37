package io.gradgen.runtime;

import java.util.List;

/** Small helpers for shapes written as lists of sizes ({@code []} is a scalar). */
public final class Shapes {
  private Shapes() {}

  public static int size(List<Integer> shape) {
    int size = 1;
    for (int dimension : shape) {
      size *= dimension;
    }
    return size;
  }

  /** {@code [2, 3]}, or {@code []} for a scalar. */
  public static String format(List<Integer> shape) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < shape.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(shape.get(i));
    }
    return text.append(']').toString();
  }
}
