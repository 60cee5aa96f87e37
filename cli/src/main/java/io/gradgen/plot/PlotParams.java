package io.gradgen.plot;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --plot-params a,b}: the two scalar params or param elements the loss surface of {@code
 * --plot} is drawn over, named as {@code hessian} names them ({@code b}, {@code v[2]}, {@code
 * w[0,1]}: zero-based, row-major; spaces dropped), with their offsets in the flat parameter array.
 *
 * <pre>
 * PlotParams.parse("w[0,1],b", layout)   // layout: param w[2,3], param b
 *   → PlotParams[first=w[0,1], firstOffset=1, second=b, secondOffset=6]
 * </pre>
 *
 * Anything else is refused with a message for {@code error: --plot-params …}.
 */
public record PlotParams(String first, int firstOffset, String second, int secondOffset) {

  /** The two elements {@code text} names in {@code layout}; IllegalArgumentException says what is wrong. */
  public static PlotParams parse(String text, ModelLayout layout) {
    List<String> names = split(text);
    if (names.size() != 2) {
      throw new IllegalArgumentException("--plot-params " + text + ": name two params or elements, as a,b or w[0,1],b");
    }
    String a = names.get(0).replace(" ", "");
    String b = names.get(1).replace(" ", "");
    int i = offset(text, a, layout);
    int j = offset(text, b, layout);
    if (i == j) {
      throw new IllegalArgumentException("--plot-params " + text + ": " + a + " and " + b
          + " are the same element; name two different ones");
    }
    return new PlotParams(a, i, b, j);
  }

  /** The names apart at the commas outside brackets ({@code w[0,1],b} is two names). */
  private static List<String> split(String text) {
    List<String> names = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        names.add(text.substring(from, k).strip());
        from = k + 1;
      }
    }
    names.add(text.substring(from).strip());
    return names;
  }

  private static int offset(String text, String name, ModelLayout layout) {
    String prefix = "--plot-params " + text + ": ";
    int bracket = name.indexOf('[');
    String param = bracket < 0 ? name : name.substring(0, bracket);
    Optional<ParamSlot> found = layout.param(param);
    if (found.isEmpty()) {
      throw new IllegalArgumentException(prefix + "model " + layout.modelName() + " has no param "
          + (param.isEmpty() ? "named ''" : param) + " (its params: " + paramNames(layout) + ")");
    }
    ParamSlot slot = found.get();
    List<Integer> shape = slot.shape();
    if (bracket < 0) {
      if (!shape.isEmpty()) {
        throw new IllegalArgumentException(prefix + param + " has shape " + shape(shape) + ": name one element, as "
            + param + "[" + zeros(shape.size()) + "]");
      }
      return slot.offset();
    }
    if (!name.endsWith("]")) {
      throw new IllegalArgumentException(prefix + "'" + name + "' is not an element name, such as " + param + "["
          + zeros(Math.max(1, shape.size())) + "]");
    }
    if (shape.isEmpty()) {
      throw new IllegalArgumentException(prefix + param + " is a scalar: name it without an index, as " + param);
    }
    String[] parts = name.substring(bracket + 1, name.length() - 1).split(",", -1);
    if (parts.length != shape.size()) {
      throw new IllegalArgumentException(prefix + name + " has " + parts.length + " index" + (parts.length == 1 ? "" : "es")
          + ", and " + param + " of shape " + shape(shape) + " takes " + shape.size());
    }
    int flat = 0;
    for (int axis = 0; axis < parts.length; axis++) {
      int index;
      try {
        index = Integer.parseInt(parts[axis].strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(prefix + "'" + name + "': an index is a whole number from 0, not '"
            + parts[axis].strip() + "'");
      }
      if (index < 0 || index >= shape.get(axis)) {
        throw new IllegalArgumentException(prefix + name + " is out of range: " + param + " has shape " + shape(shape)
            + " (indices from 0)");
      }
      flat = flat * shape.get(axis) + index;
    }
    return slot.offset() + flat;
  }

  private static String shape(List<Integer> shape) {
    StringBuilder text = new StringBuilder("[");
    for (int axis = 0; axis < shape.size(); axis++) {
      text.append(axis == 0 ? "" : ",").append(shape.get(axis));
    }
    return text.append(']').toString();
  }

  private static String zeros(int count) {
    return "0" + ",0".repeat(count - 1);
  }

  private static String paramNames(ModelLayout layout) {
    StringBuilder names = new StringBuilder();
    for (ParamSlot slot : layout.params()) {
      names.append(names.length() == 0 ? "" : ", ").append(slot.name());
    }
    return names.length() == 0 ? "none" : names.toString();
  }
}
