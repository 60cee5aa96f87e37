package io.gradgen.emit.java;

import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
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
    for (ParamSlot slot : layout.params()) {
      if (slot.name().equals(name)) {
        return slot.offset();
      }
    }
    throw new IllegalArgumentException("no param " + name + " in the layout");
  }

  int dataOffset(String name) {
    for (DataSlot slot : layout.data()) {
      if (slot.name().equals(name)) {
        return slot.offset();
      }
    }
    throw new IllegalArgumentException("no input or target " + name + " in the layout");
  }
}
