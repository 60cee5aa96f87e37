package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Address;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;

/**
 * The small kernels around the row kernels, the same for every model but for its type and row
 * width: {@code reduce}, which adds the blocks' rows of partials in block order (one block of
 * {@value #THREADS} threads, thread {@code t} taking columns {@code t, t + 256, …}) and says whether
 * every sum is finite, and {@code arrange}, which copies rows into a new order (a warp a row).
 *
 * <pre>
 * reduce(partials, blocks, width, result)   result[e] = Σ_b partials[b·width + e];  result[width] = 1 if all finite, else 0
 * arrange(source, target, order, positions) target row p = source row order[p], p &lt; positions
 * </pre>
 */
final class HostKernels {
  static final int THREADS = 256;

  private HostKernels() {}

  static Reg global(Asm asm, String symbol) {
    Reg generic = asm.ld(Space.PARAM, PtxType.U64, new Address(symbol, 0));
    Reg address = asm.reg(PtxType.U64);
    asm.cvtaGlobal(address, generic);
    return address;
  }

  static Reg u32(Asm asm, String symbol) {
    return asm.ld(Space.PARAM, PtxType.U32, new Address(symbol, 0));
  }

  static Reg f64(Asm asm, String symbol) {
    return asm.ld(Space.PARAM, PtxType.F64, new Address(symbol, 0));
  }

  /** 1 where {@code x} is finite, else 0, as f64. */
  static Reg nonFinite(Asm asm, Reg x) {
    Reg finite = asm.setp(Cmp.LT, PtxType.F64, asm.abs(PtxType.F64, x), new Real(PtxType.F64, Double.POSITIVE_INFINITY));
    return asm.selp(PtxType.F64, new Real(PtxType.F64, 0.0), new Real(PtxType.F64, 1.0), finite);
  }

  static Entry reduce() {
    Entry entry = new Entry("reduce", THREADS);
    Asm asm = entry.asm();
    Reg partials = global(asm, entry.param("partials", PtxType.U64));
    Reg blocks = u32(asm, entry.param("blocks", PtxType.U32));
    Reg width = u32(asm, entry.param("width", PtxType.U32));
    Reg result = global(asm, entry.param("result", PtxType.U64));
    Reg tid = asm.mov(PtxType.U32, new Imm("%tid.x"));
    BlockSum blockSum = new BlockSum(entry, tid);
    Reg stride = asm.mulWide(PtxType.U32, width, Imm.of(8));
    Reg bad = asm.mov(PtxType.F64, new Real(PtxType.F64, 0.0));
    asm.comment("column e: the blocks' partials added in block order");
    StridedLoop columns = StridedLoop.open(asm, tid, width, Imm.of(THREADS));
    Reg sum = asm.mov(PtxType.F64, new Real(PtxType.F64, 0.0));
    Reg at = asm.madWide(columns.index(), Imm.of(8), partials);
    StridedLoop rows = StridedLoop.open(asm, Imm.of(0), blocks, Imm.of(1));
    asm.add(PtxType.F64, sum, sum, asm.ld(Space.GLOBAL, PtxType.F64, new Address(at, 0)));
    asm.add(PtxType.S64, at, at, stride);
    rows.close();
    asm.st(Space.GLOBAL, PtxType.F64, new Address(asm.madWide(columns.index(), Imm.of(8), result), 0), sum);
    asm.add(PtxType.F64, bad, bad, nonFinite(asm, sum));
    columns.close();
    asm.comment("result[width]: 1 where every sum is finite");
    Reg flag = asm.madWide(width, Imm.of(8), result);
    blockSum.sum(bad, total -> asm.st(Space.GLOBAL, PtxType.F64, new Address(flag, 0),
        asm.selp(PtxType.F64, new Real(PtxType.F64, 1.0), new Real(PtxType.F64, 0.0),
            asm.setp(Cmp.EQ, PtxType.F64, total, new Real(PtxType.F64, 0.0)))));
    asm.ret();
    return entry;
  }

  /** Rows of {@code width} values of {@code type}: target row p is source row order[p]. */
  static Entry arrange(PtxType type, int width) {
    Entry entry = new Entry("arrange", THREADS);
    Asm asm = entry.asm();
    Reg source = global(asm, entry.param("source", PtxType.U64));
    Reg target = global(asm, entry.param("target", PtxType.U64));
    Reg order = global(asm, entry.param("order", PtxType.U64));
    Reg positions = u32(asm, entry.param("positions", PtxType.U32));
    Reg tid = asm.mov(PtxType.U32, new Imm("%tid.x"));
    Reg block = asm.mov(PtxType.U32, new Imm("%ctaid.x"));
    Reg blocks = asm.mov(PtxType.U32, new Imm("%nctaid.x"));
    Reg lane = asm.and(PtxType.B32, tid, Imm.of(31));
    Reg warp = asm.mad(PtxType.U32, block, Imm.of(THREADS / 32), asm.shr(PtxType.U32, tid, Imm.of(5)));
    Reg warps = asm.mul(PtxType.U32, blocks, Imm.of(THREADS / 32));
    long rowBytes = (long) width * type.bytes();
    asm.comment("warp w copies rows w, w + warps, ...; lane l their elements l, l + 32, ...");
    StridedLoop rows = StridedLoop.open(asm, warp, positions, warps);
    Reg original = asm.ld(Space.GLOBAL, PtxType.U32, new Address(asm.madWide(rows.index(), Imm.of(4), order), 0));
    Reg from = asm.madWide(original, Imm.of(rowBytes), source);
    Reg to = asm.madWide(rows.index(), Imm.of(rowBytes), target);
    StridedLoop elements = StridedLoop.open(asm, lane, Imm.of(width), Imm.of(32));
    Reg value = asm.ld(Space.GLOBAL, type, new Address(asm.madWide(elements.index(), Imm.of(type.bytes()), from), 0));
    asm.st(Space.GLOBAL, type, new Address(asm.madWide(elements.index(), Imm.of(type.bytes()), to), 0), value);
    elements.close();
    rows.close();
    asm.ret();
    return entry;
  }
}
