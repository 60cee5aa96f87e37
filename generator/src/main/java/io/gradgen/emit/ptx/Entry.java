package io.gradgen.emit.ptx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code .entry} of a module being written: its name, its parameters (each named {@code
 * entry_role}), its block size ({@code .reqntid}: a launch must use exactly that many threads), its
 * per-thread {@code .local} frame and its {@code .shared} arrays, and the body its writer puts into
 * {@link #asm()}. {@link #text()} declares the registers the body used before the body itself.
 *
 * <pre>
 * .visible .entry loss_grad(
 *   .param .u64 loss_grad_params,
 *   …
 * )
 * .reqntid 256
 * {
 *   .reg .pred %p&lt;9&gt;;
 *   …
 * }
 * </pre>
 */
final class Entry {
  /** A kernel parameter: its role (the name's second half) and type. */
  record Param(String role, PtxType type) {}

  private final String name;
  private final int threads;
  private final List<Param> params = new ArrayList<>();
  private final Map<String, Integer> shared = new LinkedHashMap<>();
  private final Registers names = new Registers();
  private final Asm asm = new Asm(names);
  private int frameBytes;

  Entry(String name, int threads) {
    this.name = name;
    this.threads = threads;
  }

  String name() {
    return name;
  }

  int threads() {
    return threads;
  }

  Asm asm() {
    return asm;
  }

  List<Param> params() {
    return params;
  }

  /** Declares a parameter and returns the symbol {@code ld.param} reads it by. */
  String param(String role, PtxType type) {
    params.add(new Param(role, type));
    return paramSymbol(role);
  }

  String paramSymbol(String role) {
    return name + "_" + role;
  }

  /** A {@code .shared} array of {@code bytes}, 8-byte aligned; returns its symbol. */
  String shared(String symbol, int bytes) {
    shared.merge(symbol, bytes, Math::max);
    return symbol;
  }

  int sharedBytes() {
    int total = 0;
    for (int bytes : shared.values()) {
      total += (bytes + 7) / 8 * 8;
    }
    return total;
  }

  /** The per-thread {@code .local} frame, {@value #FRAME} in the text. */
  static final String FRAME = "frame";

  void frameBytes(int bytes) {
    frameBytes = bytes;
  }

  int frameBytes() {
    return frameBytes;
  }

  String text() {
    StringBuilder out = new StringBuilder();
    out.append(".visible .entry ").append(name).append("(\n");
    for (int i = 0; i < params.size(); i++) {
      Param param = params.get(i);
      out.append("  .param ").append(param.type().suffix()).append(' ').append(paramSymbol(param.role()))
          .append(i + 1 < params.size() ? ",\n" : "\n");
    }
    out.append(")\n.reqntid ").append(threads).append("\n{\n");
    for (String declaration : names.declarations()) {
      out.append("  ").append(declaration).append('\n');
    }
    if (frameBytes > 0) {
      out.append("  .local .align 8 .b8 ").append(FRAME).append('[').append(frameBytes).append("];\n");
    }
    for (Map.Entry<String, Integer> array : shared.entrySet()) {
      out.append("  .shared .align 8 .b8 ").append(array.getKey()).append('[').append(array.getValue()).append("];\n");
    }
    for (String line : asm.lines()) {
      boolean label = line.endsWith(":");
      out.append(label ? "" : "  ").append(line).append('\n');
    }
    return out.append("}\n").toString();
  }
}
