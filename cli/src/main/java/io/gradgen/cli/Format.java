package io.gradgen.cli;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import java.util.List;
import java.util.Locale;

/** Numbers and parameters as the CLI prints them: text for people, JSON for programs. */
final class Format {
  private Format() {}

  /** For people: integers without ".0", others with up to 6 significant digits. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String text = String.format(Locale.ROOT, "%.6g", value).trim();
    if (text.contains("e") || text.contains("E")) {
      return text;
    }
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }

  /** For JSON: every digit that round-trips; non-finite values as null. */
  static String json(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "null";
  }

  static String json(Double value) {
    return value == null ? "null" : json(value.doubleValue());
  }

  static String jsonString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** A param's values in its declared shape: a number, [a, b] or [[a, b], [c, d]]. */
  static String tensor(double[] values, int offset, List<Integer> shape, boolean json) {
    if (shape.isEmpty()) {
      return json ? json(values[offset]) : number(values[offset]);
    }
    StringBuilder out = new StringBuilder("[");
    if (shape.size() == 1) {
      for (int i = 0; i < shape.get(0); i++) {
        out.append(i == 0 ? "" : ", ").append(json ? json(values[offset + i]) : number(values[offset + i]));
      }
    } else {
      int columns = shape.get(1);
      for (int i = 0; i < shape.get(0); i++) {
        out.append(i == 0 ? "" : ", ").append(tensor(values, offset + i * columns, List.of(columns), json));
      }
    }
    return out.append(']').toString();
  }

  /** {"w": [[…]], "b": […]} */
  static String jsonParams(ModelLayout layout, double[] values) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (ParamSlot slot : layout.params()) {
      out.append(first ? "" : ", ").append(jsonString(slot.name())).append(": ")
          .append(tensor(values, slot.offset(), slot.shape(), true));
      first = false;
    }
    return out.append('}').toString();
  }

  /** One line a param: "  w: [[0.1, 0.2]]". */
  static String textParams(ModelLayout layout, double[] values, String indent) {
    StringBuilder out = new StringBuilder();
    for (ParamSlot slot : layout.params()) {
      out.append(indent).append(slot.name()).append(": ")
          .append(tensor(values, slot.offset(), slot.shape(), false)).append('\n');
    }
    return out.toString();
  }
}
