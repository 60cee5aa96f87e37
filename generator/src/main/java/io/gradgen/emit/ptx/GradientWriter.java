package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.ParamSlot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each thread's gradient sums over its rows, in f64 whatever the kernel's type: a small gradient
 * (where the plan sums it in locals) in one register an element, a large one in the thread's frame,
 * added to by a rolled nest each row, its per-row value computed right there where the plan inlines
 * it. The block's sums are then taken by {@link RowKernelWriter} through {@link BlockSum}.
 *
 * <pre>
 * add.rn.f64 %fd40, %fd40, %fd17;                 (a small gradient's element, each row)
 * ld.local.f64 %fd52, [%rd30];  add.rn.f64 %fd53, %fd52, %fd51;  st.local.f64 [%rd30], %fd53;
 * </pre>
 */
final class GradientWriter {
  private final KernelEmission out;
  private final NestWriter nests;
  private final Map<String, Reg[]> sums = new LinkedHashMap<>();

  GradientWriter(KernelEmission out, NestWriter nests) {
    this.out = out;
    this.nests = nests;
  }

  private int gradient(ParamSlot slot) {
    return out.graph.gradients().get(slot.name());
  }

  private boolean inRegisters(ParamSlot slot) {
    return out.plan.sumsInLocals(gradient(slot));
  }

  /** Every trained param's sums set to 0, before the rows. */
  void declare() {
    for (ParamSlot slot : out.plan.trainedParams()) {
      if (inRegisters(slot)) {
        Reg[] registers = new Reg[slot.size()];
        for (int flat = 0; flat < registers.length; flat++) {
          registers[flat] = out.asm.mov(PtxType.F64, new Real(PtxType.F64, 0.0));
        }
        sums.put(slot.name(), registers);
      } else {
        Reg k = nests.open(slot.size());
        out.asm.st(Space.LOCAL, PtxType.F64, out.frame(out.accumulator(slot), PIndex.variable(k), 8),
            new Real(PtxType.F64, 0.0));
        nests.close();
      }
    }
  }

  /** The current row's gradient added to the sums. */
  void accumulate() {
    for (ParamSlot slot : out.plan.trainedParams()) {
      int gradient = gradient(slot);
      Shape shape = out.graph.node(gradient).shape();
      if (inRegisters(slot)) {
        Reg[] registers = sums.get(slot.name());
        for (int flat = 0; flat < registers.length; flat++) {
          Operand term = out.ops.widen(out.reads.read(gradient, PIndex.unflatten(shape, flat)));
          out.asm.add(PtxType.F64, registers[flat], registers[flat], term);
        }
        continue;
      }
      boolean inlined = out.plan.inlined(gradient);
      PIndex[] index = nests.open(shape);
      Operand term = out.ops.widen(inlined ? out.reads.element(gradient, index) : out.reads.read(gradient, index));
      Operand.Address sum = out.frame(out.accumulator(slot), PIndex.flatten(shape, index), 8);
      Reg before = out.asm.ld(Space.LOCAL, PtxType.F64, sum);
      out.asm.st(Space.LOCAL, PtxType.F64, sum, out.asm.add(PtxType.F64, before, term));
      nests.close(shape);
    }
  }

  /** Whether param {@code slot} is trained (its gradient is not the constant 0). */
  boolean trained(ParamSlot slot) {
    return out.plan.trainedParams().contains(slot);
  }

  /** The registers of a small gradient's sums, or null for one summed in the frame. */
  Reg[] registers(ParamSlot slot) {
    return sums.get(slot.name());
  }
}
