package io.gradgen.runtime.data;

import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Shapes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which CSV column feeds each value of a data row, following the binding rules of the language:
 *
 * <ul>
 *   <li>No slot binds names with {@code <-}: the columns are the slots' values in declaration
 *       order, and the file must have exactly {@code rowWidth} of them.
 *   <li>Some slot does: a bound slot takes its named columns, one per element, row-major; an
 *       unbound scalar slot takes the column named like the slot; an unbound non-scalar slot is an
 *       error. Columns nobody asks for (an id, a label) are ignored.
 * </ul>
 *
 * <p>For {@code input x[2] <- Temperature, Rainfall} and {@code target y} over the header {@code
 * Region,Temperature,Rainfall,y}, the row's values come from columns {@code [1, 2, 3]}.
 */
final class CsvColumns {
  private CsvColumns() {}

  /** For each of the row's {@code rowWidth} values, the 0-based header index it is read from. */
  static int[] resolve(Path file, List<String> header, ModelLayout layout) {
    boolean anyBound = layout.data().stream().anyMatch(slot -> !slot.columns().isEmpty());
    if (!anyBound) {
      return positional(file, header, layout);
    }
    int[] columns = new int[layout.rowWidth()];
    for (DataSlot slot : layout.data()) {
      List<String> names = slot.columns();
      if (names.isEmpty()) {
        if (!slot.shape().isEmpty()) {
          throw DataException.in(
              file,
              describe(slot)
                  + " has no columns: bind its "
                  + slot.size()
                  + " columns with <- (other slots bind header names)");
        }
        names = List.of(slot.name());
      } else if (names.size() != slot.size()) {
        throw new IllegalArgumentException(
            describe(slot) + " binds " + names.size() + " columns for " + slot.size() + " values");
      }
      for (int i = 0; i < names.size(); i++) {
        columns[slot.offset() + i] = find(file, header, names.get(i), slot);
      }
    }
    return columns;
  }

  private static int[] positional(Path file, List<String> header, ModelLayout layout) {
    int width = layout.rowWidth();
    if (header.size() != width) {
      List<String> slots = new ArrayList<>();
      for (DataSlot slot : layout.data()) {
        slots.add(nameWithShape(slot));
      }
      throw DataException.in(
          file,
          "expected "
              + width
              + " columns for "
              + String.join(", ", slots)
              + " in declaration order, found "
              + header.size()
              + " (or bind header names with <-)");
    }
    int[] columns = new int[width];
    for (int i = 0; i < width; i++) {
      columns[i] = i;
    }
    return columns;
  }

  private static int find(Path file, List<String> header, String name, DataSlot slot) {
    int index = header.indexOf(name);
    if (index >= 0) {
      return index;
    }
    String likely = ClosestName.likely(name, header);
    String hint = likely != null ? "did you mean \"" + likely + "\"?"
        : header.size() <= 8 ? "the header has " + quoted(header) : null;
    throw DataException.in(
        file,
        "no column \""
            + name
            + "\" for "
            + describe(slot)
            + (hint == null ? "" : " (" + hint + ")"));
  }

  /** {@code input x[2, 3]}, {@code target y}. */
  static String describe(DataSlot slot) {
    return (slot.target() ? "target " : "input ") + nameWithShape(slot);
  }

  private static String nameWithShape(DataSlot slot) {
    return slot.shape().isEmpty() ? slot.name() : slot.name() + Shapes.format(slot.shape());
  }

  private static String quoted(List<String> names) {
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      text.append(text.length() == 0 ? "" : ", ").append('"').append(name).append('"');
    }
    return text.toString();
  }
}
