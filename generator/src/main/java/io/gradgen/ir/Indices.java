package io.gradgen.ir;

import java.util.List;

/**
 * The attribute of {@link Op#INDEX} and {@link Op#INDEX_ADJOINT}: constant 0-based indices into the
 * indexed tensor, whose shape is {@code source}.
 */
public record Indices(List<Integer> positions, Shape source) {
  public Indices {
    positions = List.copyOf(positions);
    if (positions.isEmpty() || positions.size() > source.rank()) {
      throw new IllegalArgumentException(positions + " cannot index " + source);
    }
    for (int axis = 0; axis < positions.size(); axis++) {
      int position = positions.get(axis);
      if (position < 0 || position >= source.dim(axis)) {
        throw new IllegalArgumentException(positions + " is out of range for " + source);
      }
    }
  }

  /** The flat offset of the first selected element in the source. */
  public int offset() {
    int offset = positions.get(0) * (source.rank() == 2 ? source.dim(1) : 1);
    if (positions.size() == 2) {
      offset += positions.get(1);
    }
    return offset;
  }

  /** The shape selected: a scalar, or one row of a matrix. */
  public Shape resultShape() {
    return positions.size() == source.rank() ? Shape.SCALAR : Shape.vector(source.dim(1));
  }
}
