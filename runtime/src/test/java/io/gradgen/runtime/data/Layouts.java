package io.gradgen.runtime.data;

import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import java.util.List;

/** Data layouts for the reader tests. */
final class Layouts {
  private Layouts() {}

  static ModelLayout of(DataSlot... slots) {
    return new ModelLayout("M", List.of(), List.of(slots), null, null, Precision.F64);
  }

  static DataSlot input(String name, int offset, List<Integer> shape, String... columns) {
    return new DataSlot(name, false, shape, offset, List.of(columns));
  }

  static DataSlot target(String name, int offset, List<Integer> shape, String... columns) {
    return new DataSlot(name, true, shape, offset, List.of(columns));
  }

  /** {@code input x[3] <- Temperature, Rainfall, Humidity; target y[2] <- Mangoes, Oranges}. */
  static ModelLayout crop() {
    return of(
        input("x", 0, List.of(3), "Temperature", "Rainfall", "Humidity"),
        target("y", 3, List.of(2), "Mangoes", "Oranges"));
  }

  /** {@code input x[2]; target y}: positional. */
  static ModelLayout positional() {
    return of(input("x", 0, List.of(2)), target("y", 2, List.of()));
  }

  /** {@link #positional()} for an f32 run. */
  static ModelLayout positionalF32() {
    ModelLayout layout = positional();
    return new ModelLayout(layout.modelName(), layout.params(), layout.data(), layout.outputShape(),
        layout.outputName(), Precision.F32);
  }
}
