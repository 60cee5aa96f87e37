package io.gradgen.runtime;

import java.util.List;

/**
 * One {@code input} or {@code target} in a data row: elements {@code [offset, offset + size())}.
 * {@code columns} are the CSV header names bound with {@code <-}, one per element, or empty when the
 * columns are taken in declaration order.
 */
public record DataSlot(String name, boolean target, List<Integer> shape, int offset, List<String> columns) {
  public DataSlot {
    shape = List.copyOf(shape);
    columns = List.copyOf(columns);
  }

  public int size() {
    return Shapes.size(shape);
  }
}
