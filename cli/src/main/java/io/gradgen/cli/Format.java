package io.gradgen.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import java.util.List;
import java.util.Locale;

/**
 * Numbers and parameters as the CLI prints them: text for people, JSON for programs. JSON is built
 * as a Jackson tree and written on one line with a space after every {@code :} and {@code ,}:
 *
 * <pre>
 * ObjectNode json = Format.object();
 * json.set("loss", Format.json(89.0));
 * json.set("gradient", Format.jsonParams(layout, gradient));
 * Format.json(json)   // {"loss": 89.0, "gradient": {"a": 75.0, "b": -12.0}}
 * </pre>
 *
 * Every double is written as {@link Double#toString(double)} writes it (Jackson's default, not its
 * fast writer), so it reads back with the same bits; a value that is not finite is {@code null}.
 */
final class Format {
  private Format() {}

  /**
   * Jackson is set up on first use, not with Format: {@link #number} runs in the trainer's timed
   * epochs (the progress lines), where building an ObjectMapper would count as training time.
   */
  private static final class Json {
    static final ObjectWriter ONE_LINE = new ObjectMapper().writer(oneLine());
  }

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

  /** For a CSV cell: every digit that round-trips, as JSON writes it; "null" where not finite. */
  static String exact(double value) {
    return Double.isFinite(value) ? Double.toString(value) : "null";
  }

  /** A JSON number, or null where not finite. */
  static JsonNode json(double value) {
    return Double.isFinite(value) ? DoubleNode.valueOf(value) : NullNode.instance;
  }

  static JsonNode json(Double value) {
    return value == null ? NullNode.instance : json(value.doubleValue());
  }

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** {@code node} on one line: {"a": [1.0, 2.0], "b": null}. */
  static String json(JsonNode node) {
    try {
      return Json.ONE_LINE.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be written: " + e.getMessage(), e);
    }
  }

  /** A param's values in its declared shape, for people: a number, [a, b] or [[a, b], [c, d]]. */
  static String tensor(double[] values, int offset, List<Integer> shape) {
    if (shape.isEmpty()) {
      return number(values[offset]);
    }
    StringBuilder out = new StringBuilder("[");
    if (shape.size() == 1) {
      for (int i = 0; i < shape.get(0); i++) {
        out.append(i == 0 ? "" : ", ").append(number(values[offset + i]));
      }
    } else {
      int columns = shape.get(1);
      for (int i = 0; i < shape.get(0); i++) {
        out.append(i == 0 ? "" : ", ").append(tensor(values, offset + i * columns, List.of(columns)));
      }
    }
    return out.append(']').toString();
  }

  /** A param's values in its declared shape, as JSON: a number or nested arrays. */
  static JsonNode jsonTensor(double[] values, int offset, List<Integer> shape) {
    if (shape.isEmpty()) {
      return json(values[offset]);
    }
    ArrayNode out = array();
    if (shape.size() == 1) {
      for (int i = 0; i < shape.get(0); i++) {
        out.add(json(values[offset + i]));
      }
    } else {
      int columns = shape.get(1);
      for (int i = 0; i < shape.get(0); i++) {
        out.add(jsonTensor(values, offset + i * columns, List.of(columns)));
      }
    }
    return out;
  }

  /** {"w": [[…]], "b": […]} */
  static ObjectNode jsonParams(ModelLayout layout, double[] values) {
    ObjectNode out = object();
    for (ParamSlot slot : layout.params()) {
      out.set(slot.name(), jsonTensor(values, slot.offset(), slot.shape()));
    }
    return out;
  }

  /**
   * {@code text} with every character a terminal would act on or not show escaped as Python's
   * {@code repr} escapes it: {@code \\n \\r \\t}, other controls {@code \\x1b}, invisible and
   * direction-changing marks, unassigned and unpaired code points {@code \\u200b}, and the
   * replacement character of an undecodable byte {@code \\ufffd}. A message stays one line and
   * shows what was in the file.
   */
  static String escaped(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      String escape = escape(c);
      if (escape != null && out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (out != null) {
        if (escape != null) {
          out.append(escape);
        } else {
          out.appendCodePoint(c);
        }
      }
      i += Character.charCount(c);
    }
    return out == null ? text : out.toString();
  }

  private static String escape(int c) {
    switch (c) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      case 0xFFFD:
        return "\\ufffd";
      default:
        break;
    }
    if (Character.isISOControl(c)) {
      return String.format(Locale.ROOT, "\\x%02x", c);
    }
    switch (Character.getType(c)) {
      case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SURROGATE,
          Character.UNASSIGNED, Character.PRIVATE_USE:
        return c <= 0xFFFF ? String.format(Locale.ROOT, "\\u%04x", c) : String.format(Locale.ROOT, "\\U%08x", c);
      default:
        return null;
    }
  }

  /** A size for people: "512 B", "3.2 MB", "4.8 GB" (powers of 1,000, as disks are sold). */
  static String bytes(long count) {
    if (count < 1000) {
      return count + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
    double value = count;
    int unit = -1;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
  }

  /** "a", "a or b", "a, b or c" (with {@code conjunction} "or"). */
  static String listed(List<String> names, String conjunction) {
    if (names.size() <= 1) {
      return String.join("", names);
    }
    return String.join(", ", names.subList(0, names.size() - 1)) + " " + conjunction + " " + names.get(names.size() - 1);
  }

  /** One line a param: "  w: [[0.1, 0.2]]". */
  static String textParams(ModelLayout layout, double[] values, String indent) {
    StringBuilder out = new StringBuilder();
    for (ParamSlot slot : layout.params()) {
      out.append(indent).append(slot.name()).append(": ")
          .append(tensor(values, slot.offset(), slot.shape())).append('\n');
    }
    return out.toString();
  }

  /** ": " between a name and its value, ", " between entries and elements, no line breaks, {} and []. */
  private static DefaultPrettyPrinter oneLine() {
    Separators separators = Separators.createDefaultInstance()
        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
        .withObjectEntrySpacing(Separators.Spacing.AFTER)
        .withArrayValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
    printer.indentObjectsWith(DefaultPrettyPrinter.NopIndenter.instance);
    printer.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
    return printer;
  }
}
