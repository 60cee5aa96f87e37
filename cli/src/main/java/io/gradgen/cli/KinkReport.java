package io.gradgen.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.GradientAgreement;
import io.gradgen.GradientAgreement.NotComparable;
import io.gradgen.runtime.ParamSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code gradgen check} says of the elements whose central difference straddles a kink
 * ({@link GradientAgreement#notComparable()}): for people, one line per param and point, naming
 * the op and its place in the model; for programs, every element.
 *
 * <pre>
 * not comparable by finite differences (the stencil straddles a kink; generated/interpreted still compared):
 *   x at the initial values: relu at 3:6 (relu(x)) takes another branch at x - h than at x + h
 * </pre>
 */
final class KinkReport {
  /** Lines shown before the rest are counted: a layer of a hundred dead units would fill the screen. */
  static final int MOST_LINES = 10;

  private KinkReport() {}

  /** The section of the text report, or "" when every element was compared. */
  static String text(GradientAgreement result) {
    List<NotComparable> excused = result.notComparable();
    if (excused.isEmpty()) {
      return "";
    }
    // Grouped by param and point, in the order found: the first kink of each group names it.
    Map<String, List<NotComparable>> groups = new LinkedHashMap<>();
    for (NotComparable one : excused) {
      groups.computeIfAbsent(one.param() + "@" + one.point(), key -> new ArrayList<>()).add(one);
    }
    StringBuilder out = new StringBuilder(
        "not comparable by finite differences (the stencil straddles a kink; generated/interpreted still compared):\n");
    int shown = 0;
    for (List<NotComparable> group : groups.values()) {
      if (shown == MOST_LINES) {
        out.append("  ... and ").append(groups.size() - shown).append(" more (--json lists every element)\n");
        break;
      }
      NotComparable first = group.get(0);
      ParamSlot slot = result.layout().param(first.param()).orElseThrow();
      String what = slot.size() == 1 ? first.param() : group.size() == 1 ? element(slot.name(), slot.shape(), first.element())
          : first.param() + " (" + group.size() + " of " + slot.size() + " elements)";
      out.append("  ").append(what).append(" at ").append(point(first.point())).append(": ")
          .append(first.kink().describe()).append(" takes another branch at ")
          .append(group.size() == 1 ? what + " - h than at " + what + " + h" : "θ - h than at θ + h").append('\n');
      shown++;
    }
    return out.toString();
  }

  /** {@code [{"param": "x", "element": 0, "point": 0, "op": "relu", "line": 3, "column": 6, "expression": "relu(x)"}]}. */
  static ArrayNode json(GradientAgreement result) {
    ArrayNode list = Format.array();
    for (NotComparable one : result.notComparable()) {
      ObjectNode entry = list.addObject();
      entry.put("param", one.param());
      entry.put("element", one.element());
      entry.put("point", one.point());
      entry.put("op", one.kink().op().label());
      if (one.kink().origin() != null) {
        entry.put("line", one.kink().origin().line());
        entry.put("column", one.kink().origin().column());
        entry.put("expression", one.kink().origin().text());
      }
    }
    return list;
  }

  /** "the initial values", "random point 2". */
  static String point(int point) {
    return point == 0 ? "the initial values" : "random point " + point;
  }

  /** {@code w[3]} or {@code w[1, 0]}: an element of a param by its indices. */
  static String element(String name, List<Integer> shape, int element) {
    return shape.size() == 2
        ? name + "[" + element / shape.get(1) + ", " + element % shape.get(1) + "]"
        : name + "[" + element + "]";
  }
}
