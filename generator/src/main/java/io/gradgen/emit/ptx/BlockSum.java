package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Address;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Reg;
import java.util.function.Consumer;

/**
 * The sum of one f64 value over a block's threads, in a fixed order, with no atomics: within each
 * warp a tree of {@code shfl.sync.down} steps (16, 8, 4, 2, 1; lane 0 ends with the warp's sum),
 * lane 0 of each warp writes it to shared memory, and after a barrier thread 0 adds the warps' sums
 * in warp order and stores the total; a second barrier lets the shared slots be used again. The
 * order of every addition depends only on the block size, so a kernel's sums are the same bits on
 * every run.
 *
 * <pre>
 * mov.b64 {%r20, %r21}, %fd40;  shfl.sync.down.b32 %r22, %r20, 16, 31, -1;  …  add.rn.f64 %fd42, %fd40, %fd41;
 * &#64;%p2 st.shared.f64 [%r9], %fd50;  bar.sync 0;  &#64;!%p3 bra $L_summed7;  ld.shared.f64 …;  bar.sync 0;
 * </pre>
 *
 * Made in an entry's prologue: it works out each thread's lane and warp there once.
 */
final class BlockSum {
  static final String SHARED = "sums";

  private final Asm asm;
  private final int warps;
  private final Reg lane0;
  private final Reg thread0;
  private final Reg slot;
  private final Reg base;

  BlockSum(Entry entry, Reg tid) {
    this.asm = entry.asm();
    this.warps = entry.threads() / 32;
    entry.shared(SHARED, warps * 8);
    lane0 = asm.setp(Cmp.EQ, PtxType.U32, asm.and(PtxType.B32, tid, Imm.of(31)), Imm.of(0));
    thread0 = asm.setp(Cmp.EQ, PtxType.U32, tid, Imm.of(0));
    base = asm.mov(PtxType.U32, new Imm(SHARED));
    slot = asm.mad(PtxType.U32, asm.shr(PtxType.U32, tid, Imm.of(5)), Imm.of(8), base);
  }

  Reg thread0() {
    return thread0;
  }

  /** Σ {@code value} over the block; {@code store} writes thread 0's total (the code it adds runs in thread 0 only). */
  void sum(Operand value, Consumer<Reg> store) {
    Reg total = asm.inReg(PtxType.F64, value);
    for (int delta = 16; delta >= 1; delta /= 2) {
      Reg[] halves = asm.split(total);
      Reg lo = asm.shflDown(halves[0], delta);
      Reg hi = asm.shflDown(halves[1], delta);
      total = asm.add(PtxType.F64, total, asm.join(PtxType.F64, lo, hi));
    }
    asm.when(lane0).st(Space.SHARED, PtxType.F64, new Address(slot, 0), total);
    asm.bar();
    String skip = asm.newLabel("summed");
    asm.unless(thread0).bra(skip);
    Reg sum = asm.ld(Space.SHARED, PtxType.F64, new Address(base, 0));
    for (int warp = 1; warp < warps; warp++) {
      sum = asm.add(PtxType.F64, sum, asm.ld(Space.SHARED, PtxType.F64, new Address(base, warp * 8L)));
    }
    store.accept(sum);
    asm.place(skip);
    asm.bar();
  }
}
