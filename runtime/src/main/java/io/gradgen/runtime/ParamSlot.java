package io.gradgen.runtime;

import java.util.List;

/**
 * One {@code param} in the flat parameter array: elements {@code [offset, offset + size())},
 * row-major. {@code shape} is empty for a scalar.
 */
public record ParamSlot(String name, List<Integer> shape, int offset, Init init) {
  public ParamSlot {
    shape = List.copyOf(shape);
  }

  public int size() {
    return Shapes.size(shape);
  }
}
