package io.gradgen.emit.java;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;

/** Where the emitter finds each param and each input: offsets from the layout, by name. */
record KernelShape(ModelLayout layout) {

  boolean isFloat() {
    return layout.precision() == Precision.F32;
  }

  int rowWidth() {
    return layout.rowWidth();
  }

  int paramOffset(String name) {
    return layout.paramOffset(name);
  }

  int dataOffset(String name) {
    return layout.dataOffset(name);
  }
}
