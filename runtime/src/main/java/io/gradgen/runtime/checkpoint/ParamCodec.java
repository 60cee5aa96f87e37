package io.gradgen.runtime.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Shapes;
import io.gradgen.runtime.data.DataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A flat parameter array as JSON and back: one field per param, its values as nested arrays in the
 * declared shape, a scalar as a plain number.
 *
 * <pre>
 * w[2, 3], b[2], c   →   {"w": [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], "b": [0.5, -0.5], "c": 2.0}
 * </pre>
 *
 * Decoding checks every param is there, has its shape, holds finite numbers, and that no other
 * names are present (as {@code load_state_dict(strict=True)}); each failure is one {@link
 * DataException} line naming the file. Optimizer buffers use the same layout but may hold the
 * non-finite values Jackson writes as {@code "Infinity"} or {@code "NaN"}.
 */
final class ParamCodec {
  private ParamCodec() {}

  static ObjectNode encode(ModelLayout layout, double[] values) {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    for (ParamSlot slot : layout.params()) {
      object.set(slot.name(), encode(slot.shape(), 0, values, new int[] {slot.offset()}));
    }
    return object;
  }

  private static JsonNode encode(List<Integer> shape, int dimension, double[] values, int[] next) {
    if (dimension == shape.size()) {
      return JsonNodeFactory.instance.numberNode(values[next[0]++]);
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < shape.get(dimension); i++) {
      array.add(encode(shape, dimension + 1, values, next));
    }
    return array;
  }

  /**
   * The flat array held by {@code object}; {@code what} names it in messages ({@code "params"},
   * {@code "optimizerState.buffers.exp_avg"}), or is empty where {@code object} is the whole file
   * (a {@link VectorFile}).
   */
  static double[] decode(Path file, ModelLayout layout, JsonNode object, String what, boolean finiteOnly) {
    List<String> names = new ArrayList<>();
    for (ParamSlot slot : layout.params()) {
      names.add(slot.name());
    }
    boolean whole = what.isEmpty();
    if (object == null || !object.isObject()) {
      throw DataException.in(file, whole
          ? "expected a JSON object with one value per param (" + String.join(", ", names) + ")"
          : "\"" + what + "\" must be an object with one field per param");
    }
    for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!names.contains(field)) {
        throw DataException.in(
            file,
            (whole ? "" : "\"" + what + "\" has ") + "\"" + field + "\"" + (whole ? " is" : ", which is")
                + " not a param of model " + layout.modelName() + " (" + String.join(", ", names) + ")");
      }
    }
    double[] values = new double[layout.parameterCount()];
    for (ParamSlot slot : layout.params()) {
      JsonNode node = object.get(slot.name());
      String label = whole || what.equals("params") ? "param " + slot.name() : what + " of param " + slot.name();
      if (node == null) {
        throw DataException.in(file, "no value for " + label);
      }
      List<Integer> found = shapeOf(node);
      if (found == null || !found.equals(slot.shape())) {
        throw DataException.in(
            file,
            label + ": expected shape " + Shapes.format(slot.shape()) + ", found "
                + (found == null ? "a ragged array" : Shapes.format(found)));
      }
      int[] next = {slot.offset()};
      decode(file, label, node, slot.shape(), new ArrayList<>(), values, next, finiteOnly);
    }
    return values;
  }

  private static void decode(
      Path file,
      String label,
      JsonNode node,
      List<Integer> shape,
      List<Integer> index,
      double[] values,
      int[] next,
      boolean finiteOnly) {
    if (index.size() == shape.size()) {
      String where = index.isEmpty() ? label : label + Shapes.format(index);
      values[next[0]++] = Numbers.read(file, where, node, finiteOnly);
      return;
    }
    for (int i = 0; i < node.size(); i++) {
      index.add(i);
      decode(file, label, node.get(i), shape, index, values, next, finiteOnly);
      index.remove(index.size() - 1);
    }
  }

  /**
   * The shape of a nested array, {@code []} for anything that is not an array, or null when the
   * nesting is ragged (rows of different lengths or depths).
   */
  static List<Integer> shapeOf(JsonNode node) {
    if (!node.isArray()) {
      return List.of();
    }
    List<Integer> inner = node.size() == 0 ? List.of() : shapeOf(node.get(0));
    if (inner == null) {
      return null;
    }
    for (int i = 1; i < node.size(); i++) {
      if (!inner.equals(shapeOf(node.get(i)))) {
        return null;
      }
    }
    List<Integer> shape = new ArrayList<>();
    shape.add(node.size());
    shape.addAll(inner);
    return shape;
  }
}
