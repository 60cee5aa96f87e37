package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Operand.Reg;

/**
 * {@code for (i = start; i < bound; i += step)} over {@code .u32} registers, the test first (the
 * loop may not run at all): the shape of every loop of the small kernels, where thread {@code t}
 * of a block takes elements {@code t, t + B, …}.
 *
 * <pre>
 * StridedLoop loop = StridedLoop.open(asm, tid, count, Imm.of(256));
 * …  loop.index() …
 * loop.close();
 * </pre>
 */
final class StridedLoop {
  private final Asm asm;
  private final Reg index;
  private final Operand bound;
  private final Operand step;
  private final String head;
  private final String done;

  private StridedLoop(Asm asm, Reg index, Operand bound, Operand step) {
    this.asm = asm;
    this.index = index;
    this.bound = bound;
    this.step = step;
    this.head = asm.newLabel("each");
    this.done = asm.newLabel("eachdone");
  }

  static StridedLoop open(Asm asm, Operand start, Operand bound, Operand step) {
    StridedLoop loop = new StridedLoop(asm, asm.mov(PtxType.U32, start), bound, step);
    asm.when(asm.setp(Cmp.GE, PtxType.U32, loop.index, bound)).bra(loop.done);
    asm.place(loop.head);
    return loop;
  }

  Reg index() {
    return index;
  }

  void close() {
    asm.add(PtxType.U32, index, index, step);
    asm.when(asm.setp(Cmp.LT, PtxType.U32, index, bound)).bra(head);
    asm.place(done);
  }
}
