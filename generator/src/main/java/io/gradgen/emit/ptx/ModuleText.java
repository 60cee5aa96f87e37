package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Operand.Real;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole PTX module as text: the header, the {@code .const} arrays the kernels read by a computed
 * index, then the entries.
 *
 * <p>{@code .version 7.0} (CUDA 11.0) and {@code .target sm_75}: every driver since CUDA 11.0 can
 * JIT-compile the module, for Turing (sm_75) and every later GPU, CUDA 13's included (it dropped
 * the targets before sm_75). Nothing emitted needs a later PTX version or target.
 */
final class ModuleText {
  static final String VERSION = "7.0";
  static final String TARGET = "sm_75";

  private final List<String> header = new ArrayList<>();
  private final List<String> constants = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();

  ModuleText(List<String> comments) {
    header.addAll(comments);
  }

  /** A {@code .const} array of {@code values} in {@code type}; {@code symbol} from the caller's naming. */
  void constant(String symbol, PtxType type, double[] values) {
    StringBuilder line = new StringBuilder(".const .align 8 ").append(type.suffix()).append(' ').append(symbol)
        .append('[').append(values.length).append("] = {");
    for (int i = 0; i < values.length; i++) {
      line.append(i == 0 ? "" : ", ").append(new Real(type, values[i]).text());
    }
    constants.add(line.append("};").toString());
  }

  void add(Entry entry) {
    entries.add(entry);
  }

  List<Entry> entries() {
    return entries;
  }

  String text() {
    StringBuilder out = new StringBuilder();
    for (String comment : header) {
      out.append("// ").append(comment).append('\n');
    }
    out.append(".version ").append(VERSION).append('\n');
    out.append(".target ").append(TARGET).append('\n');
    out.append(".address_size 64\n");
    if (!constants.isEmpty()) {
      out.append('\n');
      constants.forEach(line -> out.append(line).append('\n'));
    }
    for (Entry entry : entries) {
      out.append('\n').append(entry.text());
    }
    return out.toString();
  }
}
