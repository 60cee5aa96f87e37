package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.ir.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An element index in a kernel: a constant (in an unrolled nest) or an affine form over loop
 * counters (in a rolled one), {@code c + Σ kᵢ·vᵢ}, which is all that flattening, transposing and
 * indexing ever make of loop counters. {@link #in} writes it into a register where an address needs
 * it; a constant index becomes an immediate offset instead.
 *
 * <pre>
 * flatten([64, 32], {i, j})     → 32·i + j
 * flatten([2, 3], {1, 2})       → 5
 * </pre>
 */
record PIndex(int constant, Map<Reg, Integer> terms) {
  PIndex {
    terms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terms));
  }

  static PIndex of(int value) {
    return new PIndex(value, Map.of());
  }

  static PIndex variable(Reg counter) {
    return new PIndex(0, Map.of(counter, 1));
  }

  boolean isConstant() {
    return terms.isEmpty();
  }

  int value() {
    if (!isConstant()) {
      throw new IllegalStateException("not a constant index: " + this);
    }
    return constant;
  }

  /** Whether the index varies with loop counter {@code counter}. */
  boolean reads(Reg counter) {
    return terms.containsKey(counter);
  }

  PIndex plus(int offset) {
    return new PIndex(constant + offset, terms);
  }

  PIndex plus(PIndex other) {
    Map<Reg, Integer> sum = new LinkedHashMap<>(terms);
    other.terms.forEach((counter, factor) -> sum.merge(counter, factor, Integer::sum));
    sum.values().removeIf(factor -> factor == 0);
    return new PIndex(constant + other.constant, sum);
  }

  PIndex times(int factor) {
    Map<Reg, Integer> product = new LinkedHashMap<>();
    if (factor != 0) {
      terms.forEach((counter, k) -> product.put(counter, k * factor));
    }
    return new PIndex(constant * factor, product);
  }

  /** The row-major flat index of {@code index} into {@code shape}. */
  static PIndex flatten(Shape shape, PIndex[] index) {
    PIndex flat = of(0);
    int stride = 1;
    for (int axis = shape.rank() - 1; axis >= 0; axis--) {
      flat = flat.plus(index[axis].times(stride));
      stride *= shape.dim(axis);
    }
    return flat;
  }

  /** The constant index of flat element {@code flat} of {@code shape}. */
  static PIndex[] unflatten(Shape shape, int flat) {
    PIndex[] index = new PIndex[shape.rank()];
    for (int axis = shape.rank() - 1; axis >= 0; axis--) {
      index[axis] = of(flat % shape.dim(axis));
      flat /= shape.dim(axis);
    }
    return index;
  }

  /** The index times {@code scale} plus {@code offset}, as an immediate or a {@code .u32} register. */
  Operand in(Asm asm, int scale, int offset) {
    if (isConstant()) {
      return Imm.of((long) constant * scale + offset);
    }
    List<Map.Entry<Reg, Integer>> parts = new ArrayList<>(terms.entrySet());
    long start = (long) constant * scale + offset;
    Operand sum = null;
    for (Map.Entry<Reg, Integer> part : parts) {
      Imm factor = Imm.of((long) part.getValue() * scale);
      if (sum == null && start == 0) {
        sum = factor.text().equals("1") ? part.getKey() : asm.mul(PtxType.U32, part.getKey(), factor);
      } else {
        sum = asm.mad(PtxType.U32, part.getKey(), factor, sum == null ? Imm.of(start) : sum);
      }
    }
    return sum;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(Integer.toString(constant));
    terms.forEach((counter, factor) -> text.append(" + ").append(factor).append("·").append(counter.text()));
    return text.toString();
  }
}
