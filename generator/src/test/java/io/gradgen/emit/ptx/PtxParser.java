package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Insn.Cmp;
import io.gradgen.emit.ptx.Insn.Op;
import io.gradgen.emit.ptx.Insn.Operand;
import io.gradgen.emit.ptx.Insn.Rounding;
import io.gradgen.emit.ptx.Insn.Space;
import io.gradgen.emit.ptx.Insn.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the subset of PTX that gradgen emits into a {@link PtxProgram}, written from NVIDIA's PTX
 * ISA document, and rejects everything else: an instruction, modifier, type or operand form outside
 * the subset is a {@link PtxException} naming it and its line, so that the emitter cannot drift past
 * what the interpreter checks.
 *
 * <p>The module: {@code .version}, {@code .target}, {@code .address_size 64}; {@code .const .align
 * A .T name[N] = {…}}; {@code .visible .entry name(.param .T p, …) .reqntid N { … }}. In an entry:
 * {@code .reg .T %x<N>}, {@code .local}/{@code .shared .align A .b8 name[N]}, labels, and
 * instructions, each optionally guarded by {@code @%p} or {@code @!%p}:
 *
 * <pre>
 * add sub                 .rn.f32 .rn.f64 .u32 .s32 .u64 .s64
 * mul                     .rn.f32 .rn.f64 .lo.u32 .lo.s32 .wide.u32 .wide.s32
 * mad                     .lo.u32 .lo.s32 .wide.u32          fma .rn.f32 .rn.f64
 * div sqrt                .rn.f32 .rn.f64                    neg abs .f32 .f64
 * min                     .u32 .s32                          and or xor .b32 .b64 .pred   not .pred
 * shl                     .b32 .b64                          shr .u32 .s32 .b32 .u64 .s64 .b64
 * setp.CMP                .u32 .s32 .u64 .s64 (eq ne lt le gt ge) .f32 .f64 (also equ … geu num nan)
 * selp                    .b32 .u32 .s32 .b64 .u64 .s64 .f32 .f64
 * mov                     every type; mov.b64 {lo, hi} both ways; special registers %tid.x %ntid.x
 *                         %ctaid.x %nctaid.x; the address of a .const, .local or .shared symbol
 * cvt                     .f64.f32, .rn.f32.f64, .rn.{f32,f64}.{u32,s32}, .{rni,rmi,rzi}.{f32,f64} of itself,
 *                         .rzi.s32.{f32,f64}, .u64.u32, .s64.s32, .u32.u64
 * cvta.to.global.u64      ld .global .shared .const .local .param     st .global .shared .local
 * bra  ret  bar.sync 0    shfl.sync.down.b32 d, a, b, c, membermask
 * </pre>
 */
final class PtxParser {
  private static final Set<String> SPECIAL = Set.of("%tid.x", "%ntid.x", "%ctaid.x", "%nctaid.x");

  private final List<String> tokens = new ArrayList<>();
  private final List<Integer> lines = new ArrayList<>();
  private int at;

  private PtxParser(String text) {
    tokenize(text);
  }

  static PtxProgram parse(String text) {
    return new PtxParser(text).module();
  }

  // Tokens.

  private void tokenize(String text) {
    int line = 1;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        if (end < 0) {
          throw new PtxException("line " + line + ": unterminated comment");
        }
        for (int k = i; k < end; k++) {
          line += text.charAt(k) == '\n' ? 1 : 0;
        }
        i = end + 2;
      } else if (isWord(c)) {
        int start = i;
        while (i < text.length() && isWord(text.charAt(i))) {
          i++;
        }
        add(text.substring(start, i), line);
      } else {
        add(String.valueOf(c), line);
        i++;
      }
    }
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '%' || c == '$';
  }

  private void add(String token, int line) {
    tokens.add(token);
    lines.add(line);
  }

  private String peek() {
    return at < tokens.size() ? tokens.get(at) : "";
  }

  private int line() {
    return lines.get(Math.min(at, lines.size() - 1));
  }

  private String next() {
    if (at >= tokens.size()) {
      throw new PtxException("unexpected end of the module");
    }
    return tokens.get(at++);
  }

  private void expect(String token) {
    int line = line();
    String found = next();
    if (!found.equals(token)) {
      throw new PtxException("line " + line + ": expected '" + token + "', found '" + found + "'");
    }
  }

  private boolean accept(String token) {
    if (peek().equals(token)) {
      at++;
      return true;
    }
    return false;
  }

  private long integer() {
    boolean negative = accept("-");
    String token = next();
    long value = token.startsWith("0x") ? Long.parseUnsignedLong(token.substring(2), 16) : Long.parseLong(token);
    return negative ? -value : value;
  }

  private PtxException unsupported(String what) {
    return new PtxException("line " + line() + ": " + what + " is not in the PTX subset gradgen emits");
  }

  // The module.

  private PtxProgram module() {
    Map<String, Integer> constSymbols = new LinkedHashMap<>();
    ByteBuffer bank = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, PtxProgram.Entry> entries = new LinkedHashMap<>();
    while (at < tokens.size()) {
      String token = next();
      switch (token) {
        case ".version" -> next();
        case ".target" -> next();
        case ".address_size" -> {
          if (integer() != 64) {
            throw unsupported("an address size other than 64");
          }
        }
        case ".const" -> constant(bank, constSymbols);
        case ".visible" -> {
          expect(".entry");
          PtxProgram.Entry entry = entry();
          entries.put(entry.name(), entry);
        }
        default -> throw unsupported("'" + token + "' at module level");
      }
    }
    byte[] bytes = new byte[bank.position()];
    bank.flip();
    bank.get(bytes);
    return new PtxProgram(bytes, constSymbols, entries);
  }

  private void constant(ByteBuffer bank, Map<String, Integer> symbols) {
    expect(".align");
    int align = (int) integer();
    Type type = Type.of(next().substring(1));
    if (type != Type.F32 && type != Type.F64) {
      throw unsupported("a .const array that is not .f32 or .f64");
    }
    String name = next();
    expect("[");
    int count = (int) integer();
    expect("]");
    expect("=");
    expect("{");
    while (bank.position() % align != 0) {
      bank.put((byte) 0);
    }
    symbols.put(name, bank.position());
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        expect(",");
      }
      long bits = literal(next());
      if (type == Type.F32) {
        bank.putInt((int) bits);
      } else {
        bank.putLong(bits);
      }
    }
    expect("}");
    expect(";");
  }

  private long literal(String token) {
    if (token.startsWith("0d") && token.length() == 18) {
      return Long.parseUnsignedLong(token.substring(2), 16);
    }
    if (token.startsWith("0f") && token.length() == 10) {
      return Long.parseLong(token.substring(2), 16);
    }
    throw new PtxException("line " + line() + ": '" + token + "' is not a floating-point literal (0d… or 0f…)");
  }

  // An entry.

  private final Map<String, Integer> registers = new HashMap<>();
  private final Map<String, Type> registerTypes = new HashMap<>();

  private PtxProgram.Entry entry() {
    registers.clear();
    registerTypes.clear();
    String name = next();
    expect("(");
    List<PtxProgram.Param> params = new ArrayList<>();
    while (!accept(")")) {
      if (!params.isEmpty()) {
        expect(",");
      }
      expect(".param");
      Type type = Type.of(next().substring(1));
      if (type != Type.U64 && type != Type.U32 && type != Type.F64) {
        throw unsupported("a parameter type other than .u64, .u32 or .f64");
      }
      params.add(new PtxProgram.Param(next(), type));
    }
    int threads = 0;
    if (accept(".reqntid")) {
      threads = (int) integer();
    }
    if (threads <= 0 || threads % 32 != 0 || threads > 1024) {
      throw new PtxException("entry " + name + ": .reqntid must give a block of whole warps, up to 1024 threads");
    }
    expect("{");
    Map<String, Integer> localSymbols = new LinkedHashMap<>();
    Map<String, Integer> sharedSymbols = new LinkedHashMap<>();
    int localBytes = 0;
    int sharedBytes = 0;
    List<Insn> code = new ArrayList<>();
    Map<String, Integer> labels = new HashMap<>();
    List<Insn> branches = new ArrayList<>();
    List<String> branchLabels = new ArrayList<>();
    while (!accept("}")) {
      String token = peek();
      if (token.equals(".reg")) {
        next();
        declareRegisters();
      } else if (token.equals(".local") || token.equals(".shared")) {
        next();
        expect(".align");
        integer();
        expect(".b8");
        String symbol = next();
        expect("[");
        int bytes = (int) integer();
        expect("]");
        expect(";");
        if (token.equals(".local")) {
          localSymbols.put(symbol, localBytes);
          localBytes += (bytes + 7) / 8 * 8;
        } else {
          sharedSymbols.put(symbol, sharedBytes);
          sharedBytes += (bytes + 7) / 8 * 8;
        }
      } else if (token.startsWith("$") && at + 1 < tokens.size() && tokens.get(at + 1).equals(":")) {
        labels.put(next(), code.size());
        next();
      } else {
        Insn insn = instruction(localSymbols, sharedSymbols, name);
        if (insn.op == Op.BRA) {
          branches.add(insn);
          branchLabels.add(insn.operands[0].text());
        }
        code.add(insn);
      }
    }
    for (int i = 0; i < branches.size(); i++) {
      Integer target = labels.get(branchLabels.get(i));
      if (target == null) {
        throw new PtxException(branches.get(i) + ": no label " + branchLabels.get(i));
      }
      branches.get(i).target = target;
    }
    return new PtxProgram.Entry(name, params, threads, registers.size(), localBytes, localSymbols, sharedBytes,
        sharedSymbols, code.toArray(new Insn[0]));
  }

  private void declareRegisters() {
    Type type = Type.of(next().substring(1));
    if (type == null || (type != Type.PRED && type != Type.B32 && type != Type.B64 && type != Type.F32
        && type != Type.F64)) {
      throw unsupported("a register class other than .pred .b32 .b64 .f32 .f64");
    }
    String prefix = next();
    expect("<");
    int count = (int) integer();
    expect(">");
    expect(";");
    for (int i = 0; i < count; i++) {
      String name = prefix + i;
      registerTypes.put(name, type);
      registers.put(name, registers.size());
    }
  }

  // Instructions.

  private Insn instruction(Map<String, Integer> local, Map<String, Integer> shared, String entry) {
    int guard = -1;
    boolean negated = false;
    if (accept("@")) {
      negated = accept("!");
      guard = register(next(), Type.PRED);
    }
    int line = line();
    String opcode = next();
    String[] parts = opcode.split("\\.", -1);
    List<Operand> operands = new ArrayList<>();
    Insn insn = decode(parts, opcode, line);
    insn.guard = guard;
    insn.guardNegated = negated;
    if (!peek().equals(";")) {
      do {
        operands.add(operand(insn, operands.size(), local, shared));
      } while (accept(","));
    }
    expect(";");
    insn.operands = operands.toArray(new Operand[0]);
    check(insn);
    return insn;
  }

  private Insn decode(String[] parts, String opcode, int line) {
    String base = parts[0];
    List<String> mods = new ArrayList<>(List.of(parts).subList(1, parts.length));
    Insn insn;
    switch (base) {
      case "add", "sub" -> {
        insn = new Insn(base.equals("add") ? Op.ADD : Op.SUB, opcode, line);
        insn.type = lastType(mods, opcode);
        requireRounding(insn, mods, insn.type.isFloat, opcode);
      }
      case "mul" -> {
        insn = new Insn(Op.MUL, opcode, line);
        insn.type = lastType(mods, opcode);
        if (insn.type.isFloat) {
          requireRounding(insn, mods, true, opcode);
        } else if (mods.equals(List.of("wide")) && (insn.type == Type.U32 || insn.type == Type.S32)) {
          insn.wide = true;
        } else if (!mods.equals(List.of("lo")) || (insn.type != Type.U32 && insn.type != Type.S32)) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "mad" -> {
        insn = new Insn(Op.MAD, opcode, line);
        insn.type = lastType(mods, opcode);
        if (mods.equals(List.of("wide")) && insn.type == Type.U32) {
          insn.wide = true;
        } else if (!mods.equals(List.of("lo")) || (insn.type != Type.U32 && insn.type != Type.S32)) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "fma", "div", "sqrt" -> {
        insn = new Insn(base.equals("fma") ? Op.FMA : base.equals("div") ? Op.DIV : Op.SQRT, opcode, line);
        insn.type = lastType(mods, opcode);
        requireFloat(insn, opcode);
        requireRounding(insn, mods, true, opcode);
      }
      case "neg", "abs" -> {
        insn = new Insn(base.equals("neg") ? Op.NEG : Op.ABS, opcode, line);
        insn.type = lastType(mods, opcode);
        requireFloat(insn, opcode);
        noMods(mods, opcode);
      }
      case "min" -> {
        insn = new Insn(Op.MIN, opcode, line);
        insn.type = lastType(mods, opcode);
        noMods(mods, opcode);
        if (insn.type != Type.U32 && insn.type != Type.S32) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "and", "or", "xor", "not" -> {
        insn = new Insn(switch (base) {
          case "and" -> Op.AND;
          case "or" -> Op.OR;
          case "xor" -> Op.XOR;
          default -> Op.NOT;
        }, opcode, line);
        insn.type = lastType(mods, opcode);
        noMods(mods, opcode);
        boolean bits = insn.type == Type.B32 || insn.type == Type.B64 || insn.type == Type.PRED;
        if (!bits || (insn.op == Op.NOT && insn.type != Type.PRED)) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "shl", "shr" -> {
        insn = new Insn(base.equals("shl") ? Op.SHL : Op.SHR, opcode, line);
        insn.type = lastType(mods, opcode);
        noMods(mods, opcode);
        if (insn.type.isFloat || insn.type == Type.PRED || (insn.op == Op.SHL && insn.type != Type.B32
            && insn.type != Type.B64)) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "setp" -> {
        insn = new Insn(Op.SETP, opcode, line);
        insn.type = lastType(mods, opcode);
        if (mods.size() != 1) {
          throw unsupported("'" + opcode + "'");
        }
        insn.cmp = cmp(mods.get(0), opcode);
        boolean integerCompare = insn.cmp.ordinal() <= Cmp.GE.ordinal();
        if (insn.type == Type.PRED || insn.type == Type.B32 || insn.type == Type.B64
            || (!insn.type.isFloat && !integerCompare)) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "selp" -> {
        insn = new Insn(Op.SELP, opcode, line);
        insn.type = lastType(mods, opcode);
        noMods(mods, opcode);
        if (insn.type == Type.PRED) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "mov" -> {
        insn = new Insn(Op.MOV, opcode, line);
        insn.type = lastType(mods, opcode);
        noMods(mods, opcode);
      }
      case "cvt" -> insn = conversion(mods, opcode, line);
      case "cvta" -> {
        if (!opcode.equals("cvta.to.global.u64")) {
          throw unsupported("'" + opcode + "'");
        }
        insn = new Insn(Op.CVTA, opcode, line);
        insn.type = Type.U64;
      }
      case "ld", "st" -> {
        insn = new Insn(base.equals("ld") ? Op.LD : Op.ST, opcode, line);
        if (mods.size() != 2) {
          throw unsupported("'" + opcode + "'");
        }
        insn.space = switch (mods.get(0)) {
          case "global" -> Space.GLOBAL;
          case "shared" -> Space.SHARED;
          case "const" -> Space.CONST;
          case "local" -> Space.LOCAL;
          case "param" -> Space.PARAM;
          default -> throw unsupported("'" + opcode + "'");
        };
        insn.type = Type.of(mods.get(1));
        if (insn.type == null || insn.type == Type.PRED
            || (insn.op == Op.ST && (insn.space == Space.CONST || insn.space == Space.PARAM))) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "bra" -> {
        insn = new Insn(Op.BRA, opcode, line);
        if (!mods.isEmpty() && !mods.equals(List.of("uni"))) {
          throw unsupported("'" + opcode + "'");
        }
      }
      case "ret" -> {
        insn = new Insn(Op.RET, opcode, line);
        noMods(mods, opcode);
      }
      case "bar" -> {
        if (!mods.equals(List.of("sync"))) {
          throw unsupported("'" + opcode + "'");
        }
        insn = new Insn(Op.BAR, opcode, line);
      }
      case "shfl" -> {
        if (!mods.equals(List.of("sync", "down", "b32"))) {
          throw unsupported("'" + opcode + "'");
        }
        insn = new Insn(Op.SHFL, opcode, line);
        insn.type = Type.B32;
      }
      default -> throw unsupported("the instruction '" + opcode + "'");
    }
    return insn;
  }

  private Insn conversion(List<String> mods, String opcode, int line) {
    Insn insn = new Insn(Op.CVT, opcode, line);
    if (mods.size() < 2 || mods.size() > 3) {
      throw unsupported("'" + opcode + "'");
    }
    if (mods.size() == 3) {
      insn.rounding = switch (mods.get(0)) {
        case "rn" -> Rounding.RN;
        case "rni" -> Rounding.RNI;
        case "rmi" -> Rounding.RMI;
        case "rzi" -> Rounding.RZI;
        default -> throw unsupported("'" + opcode + "'");
      };
    }
    insn.type = Type.of(mods.get(mods.size() - 2));
    insn.from = Type.of(mods.get(mods.size() - 1));
    if (insn.type == null || insn.from == null) {
      throw unsupported("'" + opcode + "'");
    }
    String shape = (insn.rounding == Rounding.NONE ? "" : insn.rounding.name().toLowerCase(Locale.ROOT) + ".")
        + insn.type.name().toLowerCase(Locale.ROOT) + "." + insn.from.name().toLowerCase(Locale.ROOT);
    Set<String> allowed = Set.of("f64.f32", "rn.f32.f64", "rn.f64.u32", "rn.f64.s32", "rn.f32.u32", "rn.f32.s32",
        "rni.f64.f64", "rmi.f64.f64", "rzi.f64.f64", "rni.f32.f32", "rmi.f32.f32", "rzi.f32.f32",
        "rzi.s32.f64", "rzi.s32.f32", "u64.u32", "s64.s32", "u32.u64");
    if (!allowed.contains(shape)) {
      throw unsupported("'" + opcode + "'");
    }
    return insn;
  }

  private Type lastType(List<String> mods, String opcode) {
    if (mods.isEmpty()) {
      throw unsupported("'" + opcode + "' without a type");
    }
    Type type = Type.of(mods.remove(mods.size() - 1));
    if (type == null) {
      throw unsupported("'" + opcode + "'");
    }
    return type;
  }

  private void requireRounding(Insn insn, List<String> mods, boolean isFloat, String opcode) {
    if (isFloat) {
      if (!mods.equals(List.of("rn"))) {
        throw unsupported("'" + opcode + "' (floating-point arithmetic must say .rn)");
      }
      insn.rounding = Rounding.RN;
    } else {
      noMods(mods, opcode);
    }
  }

  private void requireFloat(Insn insn, String opcode) {
    if (!insn.type.isFloat) {
      throw unsupported("'" + opcode + "'");
    }
  }

  private void noMods(List<String> mods, String opcode) {
    if (!mods.isEmpty()) {
      throw unsupported("'" + opcode + "'");
    }
  }

  private Cmp cmp(String text, String opcode) {
    try {
      return Cmp.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw unsupported("'" + opcode + "'");
    }
  }

  // Operands.

  private Operand operand(Insn insn, int position, Map<String, Integer> local, Map<String, Integer> shared) {
    String token = peek();
    if (token.equals("[")) {
      next();
      String base = next();
      long offset = 0;
      if (accept("+")) {
        offset = integer();
      }
      expect("]");
      if (base.startsWith("%")) {
        return new Operand(Operand.Kind.ADDRESS_REG, register(base, null), 0, offset, base);
      }
      return new Operand(Operand.Kind.ADDRESS_SYMBOL, -1, 0, offset, base);
    }
    if (token.equals("{")) {
      next();
      int lo = register(next(), Type.B32);
      expect(",");
      int hi = register(next(), Type.B32);
      expect("}");
      if (insn.op != Op.MOV || insn.type != Type.B64) {
        throw unsupported("a vector operand outside mov.b64");
      }
      return new Operand(Operand.Kind.SYMBOL, lo, hi, 0, "{}");
    }
    if (token.startsWith("%")) {
      next();
      if (SPECIAL.contains(token)) {
        return new Operand(Operand.Kind.SPECIAL, -1, 0, 0, token);
      }
      if (token.contains(".")) {
        throw unsupported("the special register " + token);
      }
      return Operand.reg(register(token, null), token);
    }
    if (token.startsWith("$")) {
      next();
      return new Operand(Operand.Kind.LABEL, -1, 0, 0, token);
    }
    if (token.equals("-") || Character.isDigit(token.charAt(0))) {
      if (token.startsWith("0d") || token.startsWith("0f")) {
        next();
        return Operand.imm(literal(token), token);
      }
      long value = integer();
      return Operand.imm(value, Long.toString(value));
    }
    next();
    if (local.containsKey(token) || shared.containsKey(token) || token.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      return new Operand(Operand.Kind.ADDRESS_SYMBOL, -1, 0, 0, token);
    }
    throw new PtxException("line " + line() + ": cannot read operand '" + token + "'");
  }

  private int register(String name, Type expected) {
    Integer index = registers.get(name);
    if (index == null) {
      throw new PtxException("line " + line() + ": register " + name + " is not declared");
    }
    if (expected != null && registerTypes.get(name) != expected) {
      throw new PtxException("line " + line() + ": " + name + " is not a " + expected.name().toLowerCase(Locale.ROOT)
          + " register");
    }
    return index;
  }

  /** Operand counts and kinds, per instruction. */
  private void check(Insn insn) {
    int expected = switch (insn.op) {
      case ADD, SUB, MUL, DIV, MIN, AND, OR, XOR, SHL, SHR, SETP -> 3;
      case MAD, FMA, SELP -> 4;
      case NEG, ABS, SQRT, NOT, MOV, CVT, CVTA, LD, ST -> 2;
      case SHFL -> 5;
      case BRA, BAR -> 1;
      case RET -> 0;
      default -> -1;
    };
    if (insn.operands.length != expected) {
      throw new PtxException(insn + ": expected " + expected + " operands");
    }
    if (insn.op == Op.MOV) {
      Operand d = insn.operands[0];
      Operand s = insn.operands[1];
      if (d.kind() == Operand.Kind.SYMBOL && d.text().equals("{}")) {
        insn.op = Op.MOV_SPLIT;
      } else if (s.kind() == Operand.Kind.SYMBOL && s.text().equals("{}")) {
        insn.op = Op.MOV_JOIN;
      }
    }
    if (insn.op == Op.BAR && (insn.operands[0].kind() != Operand.Kind.IMM || insn.operands[0].bits() != 0)) {
      throw unsupported("a barrier other than bar.sync 0");
    }
    if ((insn.op == Op.LD || insn.op == Op.ST) && insn.operands[insn.op == Op.LD ? 1 : 0].kind() != Operand.Kind.ADDRESS_REG
        && insn.operands[insn.op == Op.LD ? 1 : 0].kind() != Operand.Kind.ADDRESS_SYMBOL) {
      throw new PtxException(insn + ": the address must be in brackets");
    }
  }

}
