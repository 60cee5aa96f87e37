package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Operand.Address;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Reg;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body of one entry as it is written: one method per instruction gradgen emits, each taking
 * typed operands and, where it computes a value, allocating its destination from the entry's
 * {@link Registers}. {@link #emit} is the only place an instruction's text is put together.
 * Floating-point arithmetic always names its rounding ({@code add.rn.f64}), which also keeps ptxas
 * from contracting a multiply and an add into an {@code fma}: every kernel computes what its text
 * says.
 *
 * <pre>
 * Reg x = asm.ld(Space.GLOBAL, PtxType.F64, new Address(p, 8));   ld.global.f64 %fd1, [%rd3+8];
 * Reg y = asm.mul(PtxType.F64, x, x);                              mul.rn.f64 %fd2, %fd1, %fd1;
 * asm.when(done).bra(end);                                         &#64;%p1 bra $L_end4;
 * </pre>
 */
final class Asm {
  /** The state spaces the kernels address. */
  enum Space {
    GLOBAL, SHARED, CONST, LOCAL, PARAM;

    String suffix() {
      return "." + name().toLowerCase(Locale.ROOT);
    }
  }

  /** setp's comparisons; the {@code U} ones are also true where an operand is NaN. */
  enum Cmp {
    EQ, NE, LT, LE, GT, GE, EQU, NEU, LTU, LEU, GTU, GEU, NUM, NAN;

    String suffix() {
      return "." + name().toLowerCase(Locale.ROOT);
    }
  }

  private final Registers names;
  private final List<String> lines = new ArrayList<>();
  private String guard = "";

  Asm(Registers names) {
    this.names = names;
  }

  Registers names() {
    return names;
  }

  List<String> lines() {
    return lines;
  }

  Reg reg(PtxType type) {
    return names.next(type);
  }

  // Layout of the text.

  /** The next instruction runs only where {@code predicate} is true. */
  Asm when(Reg predicate) {
    guard = "@" + predicate.text() + " ";
    return this;
  }

  /** The next instruction runs only where {@code predicate} is false. */
  Asm unless(Reg predicate) {
    guard = "@!" + predicate.text() + " ";
    return this;
  }

  /** One instruction: {@code opcode} and its operands, the pending guard before it. */
  void emit(String opcode, Operand... operands) {
    StringBuilder line = new StringBuilder(guard).append(opcode);
    for (int i = 0; i < operands.length; i++) {
      line.append(i == 0 ? " " : ", ").append(operands[i].text());
    }
    lines.add(line.append(';').toString());
    guard = "";
  }

  /** A comment line; anything outside printable ASCII is written as {@code U+XXXX}. */
  void comment(String text) {
    StringBuilder out = new StringBuilder("// ");
    text.codePoints().forEach(c -> {
      if (c >= 0x20 && c < 0x7f) {
        out.append((char) c);
      } else if (c == '…') {
        out.append("...");
      } else {
        out.append(String.format(Locale.ROOT, "U+%04X", c));
      }
    });
    lines.add(out.toString());
  }

  String newLabel(String purpose) {
    return names.label(purpose);
  }

  void place(String label) {
    lines.add(label + ":");
  }

  /** Where the next line will go: a place to {@link #insert} an instruction found to be needed later. */
  int mark() {
    return lines.size();
  }

  /** {@code opcode operands;} at {@code position}, a {@link #mark} taken before what follows it. */
  void insert(int position, String opcode, Operand... operands) {
    List<String> after = new ArrayList<>(lines.subList(position, lines.size()));
    lines.subList(position, lines.size()).clear();
    String pending = guard;
    guard = "";
    emit(opcode, operands);
    guard = pending;
    lines.addAll(after);
  }

  private static String op(String name, String... parts) {
    StringBuilder text = new StringBuilder(name);
    for (String part : parts) {
      if (part != null && !part.isEmpty()) {
        text.append(part);
      }
    }
    return text.toString();
  }

  private static String rn(PtxType type) {
    return type.isFloat() ? ".rn" : "";
  }

  // Moves and conversions.

  Reg mov(PtxType type, Operand source) {
    Reg d = reg(type);
    mov(type, d, source);
    return d;
  }

  void mov(PtxType type, Reg d, Operand source) {
    emit(op("mov", type.suffix()), d, source);
  }

  /** The two 32-bit halves of a 64-bit register: {@code mov.b64 {lo, hi}, x}. */
  Reg[] split(Reg wide) {
    Reg lo = reg(PtxType.B32);
    Reg hi = reg(PtxType.B32);
    emit("mov.b64", new Imm("{" + lo.text() + ", " + hi.text() + "}"), wide);
    return new Reg[] {lo, hi};
  }

  /** A 64-bit register of {@code type} from two halves. */
  Reg join(PtxType type, Reg lo, Reg hi) {
    Reg d = reg(type);
    emit("mov.b64", d, new Imm("{" + lo.text() + ", " + hi.text() + "}"));
    return d;
  }

  /** {@code cvt}: {@code rounding} is null, {@code .rn}, {@code .rni}, {@code .rmi} or {@code .rzi}. */
  Reg cvt(PtxType to, PtxType from, String rounding, Operand a) {
    Reg d = reg(to);
    emit(op("cvt", rounding, to.suffix(), from.suffix()), d, a);
    return d;
  }

  void cvtaGlobal(Reg d, Reg a) {
    emit("cvta.to.global.u64", d, a);
  }

  // Arithmetic: floats round to nearest, integers keep the low half of a product.

  Reg add(PtxType type, Operand a, Operand b) {
    Reg d = reg(type);
    add(type, d, a, b);
    return d;
  }

  void add(PtxType type, Reg d, Operand a, Operand b) {
    emit(op("add", rn(type), type.suffix()), d, a, b);
  }

  Reg sub(PtxType type, Operand a, Operand b) {
    Reg d = reg(type);
    emit(op("sub", rn(type), type.suffix()), d, a, b);
    return d;
  }

  Reg mul(PtxType type, Operand a, Operand b) {
    Reg d = reg(type);
    emit(op("mul", type.isFloat() ? ".rn" : ".lo", type.suffix()), d, a, b);
    return d;
  }

  /** The full 64-bit product of two 32-bit integers. */
  Reg mulWide(PtxType type, Operand a, Operand b) {
    Reg d = reg(PtxType.U64);
    emit(op("mul.wide", type.suffix()), d, a, b);
    return d;
  }

  /** {@code a·b + c}, integers, low half. */
  Reg mad(PtxType type, Operand a, Operand b, Operand c) {
    Reg d = reg(type);
    emit(op("mad.lo", type.suffix()), d, a, b, c);
    return d;
  }

  /** {@code a·b + c}: 32-bit {@code a}, {@code b}, 64-bit {@code c} and result. */
  Reg madWide(Operand a, Operand b, Operand c) {
    Reg d = reg(PtxType.U64);
    emit("mad.wide.u32", d, a, b, c);
    return d;
  }

  /** {@code a·b + c} rounded once. */
  Reg fma(PtxType type, Operand a, Operand b, Operand c) {
    Reg d = reg(type);
    emit(op("fma.rn", type.suffix()), d, a, b, c);
    return d;
  }

  Reg div(PtxType type, Operand a, Operand b) {
    Reg d = reg(type);
    emit(op("div", type.isFloat() ? ".rn" : "", type.suffix()), d, a, b);
    return d;
  }

  Reg neg(PtxType type, Operand a) {
    Reg d = reg(type);
    emit(op("neg", type.suffix()), d, a);
    return d;
  }

  Reg abs(PtxType type, Operand a) {
    Reg d = reg(type);
    emit(op("abs", type.suffix()), d, a);
    return d;
  }

  Reg sqrt(PtxType type, Operand a) {
    Reg d = reg(type);
    emit(op("sqrt.rn", type.suffix()), d, a);
    return d;
  }

  Reg min(PtxType type, Operand a, Operand b) {
    Reg d = reg(type);
    emit(op("min", type.suffix()), d, a, b);
    return d;
  }

  Reg and(PtxType type, Operand a, Operand b) {
    Reg d = reg(type);
    emit(op("and", type.suffix()), d, a, b);
    return d;
  }

  Reg or(PtxType type, Operand a, Operand b) {
    Reg d = reg(type);
    emit(op("or", type.suffix()), d, a, b);
    return d;
  }

  Reg xor(PtxType type, Operand a, Operand b) {
    Reg d = reg(type);
    emit(op("xor", type.suffix()), d, a, b);
    return d;
  }

  Reg shl(PtxType type, Operand a, Operand bits) {
    Reg d = reg(type);
    emit(op("shl", type.suffix()), d, a, bits);
    return d;
  }

  Reg shr(PtxType type, Operand a, Operand bits) {
    Reg d = reg(type);
    emit(op("shr", type.suffix()), d, a, bits);
    return d;
  }

  /** The same bits in a register of another class: {@code mov.b64 %rd1, %fd1}. */
  Reg bits(PtxType to, Reg from) {
    Reg d = reg(to);
    emit(to.bytes() == 8 ? "mov.b64" : "mov.b32", d, from);
    return d;
  }

  /** {@code a} in a register: itself, or moved there from an immediate. */
  Reg inReg(PtxType type, Operand a) {
    return a instanceof Reg reg ? reg : mov(type, a);
  }

  // Comparisons and selection.

  Reg setp(Cmp cmp, PtxType type, Operand a, Operand b) {
    Reg p = reg(PtxType.PRED);
    emit(op("setp", cmp.suffix(), type.suffix()), p, a, b);
    return p;
  }

  Reg andPred(Reg a, Reg b) {
    return and(PtxType.PRED, a, b);
  }

  Reg orPred(Reg a, Reg b) {
    return or(PtxType.PRED, a, b);
  }

  Reg notPred(Reg a) {
    Reg p = reg(PtxType.PRED);
    emit("not.pred", p, a);
    return p;
  }

  /** {@code p ? a : b}. */
  Reg selp(PtxType type, Operand a, Operand b, Reg p) {
    Reg d = reg(type);
    selp(type, d, a, b, p);
    return d;
  }

  void selp(PtxType type, Reg d, Operand a, Operand b, Reg p) {
    emit(op("selp", type.suffix()), d, a, b, p);
  }

  // Memory.

  Reg ld(Space space, PtxType type, Address address) {
    Reg d = reg(type);
    ld(space, type, d, address);
    return d;
  }

  void ld(Space space, PtxType type, Reg d, Address address) {
    emit(op("ld", space.suffix(), type.suffix()), d, address);
  }

  void st(Space space, PtxType type, Address address, Operand value) {
    emit(op("st", space.suffix(), type.suffix()), address, value);
  }

  // Control and the warp.

  void bra(String label) {
    emit("bra", new Imm(label));
  }

  void bar() {
    emit("bar.sync", Imm.of(0));
  }

  /** The value of lane {@code lane + delta} of the whole warp (one's own past lane 31). */
  Reg shflDown(Reg value, int delta) {
    Reg d = reg(PtxType.B32);
    emit("shfl.sync.down.b32", d, value, Imm.of(delta), Imm.of(31), Imm.of(-1));
    return d;
  }

  void ret() {
    emit("ret");
  }
}
