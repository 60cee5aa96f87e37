package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Operand.Reg;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one naming authority of an entry's PTX: every register, label and per-entry symbol comes from
 * here, numbered in order of allocation, so that no emitter formats a name and no text from a model
 * file reaches the PTX (a model's names appear only in comments, escaped). Registers are virtual and
 * unlimited; ptxas allocates the hardware's.
 *
 * <pre>
 * Registers names = new Registers();
 * names.next(RegClass.F64)    → %fd1
 * names.label("row")          → $L_row1
 * names.declarations()        → [".reg .f64 %fd<2>;"]
 * </pre>
 */
final class Registers {
  private static final Pattern PURPOSE = Pattern.compile("[a-z]+");

  private final Map<RegClass, Integer> used = new EnumMap<>(RegClass.class);
  private int labels;

  /** A fresh register of {@code regClass}. */
  Reg next(RegClass regClass) {
    int number = used.getOrDefault(regClass, 0) + 1;
    used.put(regClass, number);
    return new Reg(regClass, number);
  }

  /** A fresh register for a value of {@code type}. */
  Reg next(PtxType type) {
    return next(type.regClass());
  }

  /** A fresh label, {@code $L_purpose7}; {@code purpose} is a word of lower-case letters. */
  String label(String purpose) {
    if (!PURPOSE.matcher(purpose).matches()) {
      throw new IllegalArgumentException("a label's purpose is a lower-case word, not '" + purpose + "'");
    }
    return "$L_" + purpose + (++labels);
  }

  /** The {@code .reg} lines declaring every register handed out, in class order. */
  List<String> declarations() {
    List<String> lines = new ArrayList<>();
    for (RegClass regClass : RegClass.values()) {
      Integer count = used.get(regClass);
      if (count != null) {
        lines.add(".reg " + regClass.declared() + " " + regClass.prefix() + "<" + (count + 1) + ">;");
      }
    }
    return lines;
  }
}
