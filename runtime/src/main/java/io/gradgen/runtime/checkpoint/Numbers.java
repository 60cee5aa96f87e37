package io.gradgen.runtime.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.gradgen.runtime.data.DataException;
import java.nio.file.Path;

/**
 * One number from a checkpoint. JSON numbers are parsed by Jackson with {@link
 * Double#parseDouble}, so a double written by {@link Checkpoint} comes back with the same bits.
 * Jackson writes non-finite doubles as the strings {@code "NaN"}, {@code "Infinity"} and {@code
 * "-Infinity"}; those are read back only where {@code finiteOnly} is false (optimizer buffers, the
 * best validation loss), never for parameters.
 */
final class Numbers {
  private Numbers() {}

  static double read(Path file, String where, JsonNode node, boolean finiteOnly) {
    double value;
    if (node != null && node.isNumber()) {
      value = node.doubleValue();
    } else if (!finiteOnly && node != null && node.isTextual() && isNonFinite(node.textValue())) {
      value = Double.parseDouble(node.textValue());
    } else {
      throw DataException.in(file, where + ": expected a number, found " + describe(node));
    }
    if (finiteOnly && !Double.isFinite(value)) {
      throw DataException.in(file, where + " is not finite (" + value + ")");
    }
    return value;
  }

  private static boolean isNonFinite(String text) {
    return text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity");
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "the string " + node;
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.toString();
  }
}
