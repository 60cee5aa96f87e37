package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Address;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;

/**
 * The end of a row kernel: the block's sums of its threads' sums (the loss, then every gradient
 * element), in a fixed order and without atomics, into the block's row of partials. The threads'
 * sums are in their frames ({@link KernelEmission#sums}); they are taken {@code W} at a time, {@code
 * W} the block's warps: each thread writes its {@code W} values to shared memory (value {@code j}
 * of thread {@code t} at {@code j·B + t}), a barrier, then warp {@code j} adds element {@code j}'s
 * {@code B} values, lane {@code l} the values of threads {@code l, l + 32, …} in order and then the
 * lanes by a tree of {@code shfl.sync.down} (16, 8, 4, 2, 1), lane 0 storing the total; a second
 * barrier before the next {@code W} overwrite the shared values. Every addition's order depends only
 * on the block size, so the sums are the same bits on every run; the warps sum different elements
 * at once, and there are two barriers for every {@code W} elements.
 *
 * <p>The shared values reuse the tile of rows where the kernel has one (the rows are done by then).
 */
final class PartialsWriter {
  private final KernelEmission out;
  private final NestWriter nests;
  private final int threads;
  private final int warps;

  PartialsWriter(KernelEmission out, NestWriter nests) {
    this.out = out;
    this.nests = nests;
    this.threads = out.entry.threads();
    this.warps = threads / 32;
  }

  /** The bytes of shared memory it needs, which a tile of rows may provide. */
  static int sharedBytes(int threads) {
    return (threads / 32) * threads * 8;
  }

  /**
   * The block's sums into {@code row} (the block's row of partials, a global address), from shared
   * array {@code stage}; {@code tid} the thread's index.
   */
  void write(Reg tid, Reg row, String stage) {
    Asm asm = out.asm;
    int width = out.sumsWidth();
    int sums = out.sums();
    Reg base = asm.mov(PtxType.U32, new Imm(stage));
    Reg column = asm.mad(PtxType.U32, tid, Imm.of(8), base);
    Reg warp = asm.shr(PtxType.U32, tid, Imm.of(5));
    Reg lane = asm.and(PtxType.B32, tid, Imm.of(31));
    Reg lane0 = asm.setp(Cmp.EQ, PtxType.U32, lane, Imm.of(0));
    Reg mine = asm.mad(PtxType.U32, warp, Imm.of((long) threads * 8), asm.mad(PtxType.U32, lane, Imm.of(8), base));
    Reg frameSums = asm.add(PtxType.S64, out.frameBase(), Imm.of(sums));
    int chunks = (width + warps - 1) / warps;
    Reg chunk = nests.open(chunks);
    Reg start = asm.mul(PtxType.U32, chunk, Imm.of(warps));
    Reg values = asm.madWide(start, Imm.of(8), frameSums);
    for (int j = 0; j < warps; j++) {
      Reg value = asm.mov(PtxType.F64, new Real(PtxType.F64, 0.0));
      if (j < width) {
        Reg inside = asm.setp(Cmp.LT, PtxType.U32, start, Imm.of(width - j));
        asm.when(inside).ld(Space.LOCAL, PtxType.F64, value, new Address(values, j * 8L));
      }
      asm.st(Space.SHARED, PtxType.F64, new Address(column, (long) j * threads * 8), value);
    }
    asm.bar();
    Reg e = asm.add(PtxType.U32, start, warp);
    String skip = asm.newLabel("summed");
    asm.when(asm.setp(Cmp.GE, PtxType.U32, e, Imm.of(width))).bra(skip);
    Reg total = asm.ld(Space.SHARED, PtxType.F64, new Address(mine, 0));
    for (int k = 1; k < warps; k++) {
      total = asm.add(PtxType.F64, total, asm.ld(Space.SHARED, PtxType.F64, new Address(mine, k * 32L * 8)));
    }
    for (int delta = 16; delta >= 1; delta /= 2) {
      Reg[] halves = asm.split(total);
      total = asm.add(PtxType.F64, total, asm.join(PtxType.F64, asm.shflDown(halves[0], delta), asm.shflDown(halves[1], delta)));
    }
    Address target = new Address(asm.madWide(e, Imm.of(8), row), 0);
    asm.when(lane0).st(Space.GLOBAL, PtxType.F64, target, total);
    asm.place(skip);
    asm.bar();
    nests.close();
  }
}
