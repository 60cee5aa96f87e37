package io.gradgen.plan;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Origin;
import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A {@link KernelPlan} as text, for {@code --dump-after plan}: per method, its unroll budget and
 * rows an iteration, then every value it computes (id, the model's name for it, op and shape),
 * whether it is computed once or per row, how it is held (locals, a scratch array, the params or
 * data arrays, a view read through, literals), how its loop nest runs (unrolled or rolled, sums
 * split into partial sums), and where in the model it comes from; then how each gradient is summed.
 *
 * <pre>
 * lossAndGradient: unroll budget 16, 1 row an iteration (all of a row's work is unrolled)
 *   once before the row loop
 *     %2 w         param [2, 3]        6 locals                               8:1 param w[2, 3] = …
 *   per row
 *     %4           matmul [2]          2 locals       unrolled, 6 iterations  14:14 w @ x
 *   gradient w: summed over the rows in 6 locals, added into g after the loop
 * </pre>
 */
public final class PlanPrinter {
  private PlanPrinter() {}

  public static String print(KernelPlan plan) {
    ModelLayout layout = plan.layout();
    StringBuilder out = new StringBuilder();
    out.append("kernel ").append(layout.modelName()).append(": ")
        .append(layout.precision().name().toLowerCase(Locale.ROOT)).append(", ")
        .append(plan.simd() ? "SIMD loops (Vector API)" : "scalar loops").append('\n');
    out.append("  params: ").append(layout.parameterCount()).append(layout.parameterCount() == 1 ? " value" : " values");
    List<String> slots = new ArrayList<>();
    for (ParamSlot slot : layout.params()) {
      slots.add(slot.name() + shape(slot.shape()) + " at " + slot.offset());
    }
    out.append(slots.isEmpty() ? "" : " (" + String.join(", ", slots) + ")").append('\n');
    if (layout.hasInputs()) {
      List<String> columns = new ArrayList<>();
      for (DataSlot slot : layout.data()) {
        columns.add(slot.name() + shape(slot.shape()) + " at " + slot.offset());
      }
      out.append("  rows: ").append(layout.rowWidth()).append(" values a row (").append(String.join(", ", columns))
          .append(")\n");
    } else {
      out.append("  rows: none (the model reads no data: one row, computed once)\n");
    }
    for (MethodPlan method : plan.methods()) {
      out.append('\n');
      method(out, method);
    }
    if (plan.predict().isEmpty()) {
      out.append("\npredict: none (the model declares no output)\n");
    }
    if (plan.epoch().isEmpty()) {
      out.append("\nepoch: none (").append(whyNoEpoch(plan)).append(")\n");
    }
    // Each metric's method, of its own graph: "metric abs_err: loss: unroll budget …".
    for (int index = 0; index < plan.metrics().size(); index++) {
      out.append("\nmetric ").append(plan.layout().metrics().get(index)).append(": ");
      method(out, plan.metrics().get(index));
    }
    return out.toString();
  }

  private static String whyNoEpoch(KernelPlan plan) {
    if (plan.epochFor() == null) {
      return "no training settings to take the steps of";
    }
    MethodPlan epoch = MethodPlan.epoch(plan.graph(), plan.layout(), plan.epochFor());
    if (plan.layout().parameterCount() > MethodPlan.EPOCH_MAX_PARAMS) {
      return "more than " + MethodPlan.EPOCH_MAX_PARAMS + " parameter values";
    }
    if (!epoch.fitsEpoch()) {
      return "a row's work does not fit in locals";
    }
    return "its body would be too long for the JIT";
  }

  private static void method(StringBuilder out, MethodPlan plan) {
    Graph graph = plan.graph();
    StoragePlan storage = plan.storage();
    out.append(plan.method().javaName());
    if (plan.epochShape() != null) {
      out.append(" (").append(plan.epochShape().optimizer().keyword());
      for (io.gradgen.runtime.train.EpochShape.Option option : io.gradgen.runtime.train.EpochShape.Option.values()) {
        if (plan.epochShape().has(option)) {
          out.append(' ').append(option.name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      out.append(plan.epochShape().clipped() ? " steps, clipped" : " steps").append(')');
    }
    out.append(": unroll budget ").append(plan.budget());
    if (plan.method() != Method.PREDICT) {
      out.append(", ");
      if (!plan.hasRows()) {
        out.append("no row loop");
      } else {
        out.append(plan.rowBlock()).append(plan.rowBlock() == 1 ? " row" : " rows").append(" an iteration");
        if (plan.rowBlock() < plan.requestedRows() && plan.method() != Method.EPOCH) {
          out.append(" (").append(rowsReason(plan)).append(')');
        }
      }
    }
    out.append('\n');
    List<String[]> once = new ArrayList<>();
    List<String[]> perRow = new ArrayList<>();
    for (int id = 0; id < graph.size(); id++) {
      if (storage.live(id)) {
        (storage.perRow(id) ? perRow : once).add(row(plan, id));
      }
    }
    int[] widths = widths(once, perRow);
    if (!once.isEmpty()) {
      String when = plan.method() == Method.EPOCH ? "each step" : "once";
      out.append(plan.hasRows() ? "  " + when + ", before the row loop\n" : "  " + when + "\n");
      table(out, once, widths);
    }
    if (!perRow.isEmpty()) {
      out.append("  per row\n");
      table(out, perRow, widths);
    }
    for (ParamSlot slot : plan.layout().params()) {
      if (!plan.method().trains()) {
        break;
      }
      int gradient = graph.gradients().get(slot.name());
      out.append("  gradient ").append(slot.name()).append(": ");
      if (graph.node(gradient).isConstant(0)) {
        out.append("zero (the loss does not depend on it)\n");
      } else if (plan.sumsInLocals(gradient)) {
        out.append(plan.hasRows() ? "summed over the rows in " + count(slot.size(), "local") + ", added into g after the loop\n"
            : "added into g\n");
      } else {
        out.append("added into g element by element inside the row loop (%").append(gradient).append(")\n");
      }
    }
  }

  private static String rowsReason(MethodPlan plan) {
    MethodPlan asked = MethodPlan.of(plan.graph(), plan.layout(), plan.method(), plan.budget(), plan.requestedRows());
    if (asked.rowBlock() == plan.rowBlock()) {
      return plan.rowBlock() == 1 && !hasRolled(plan) ? "all of a row's work is unrolled" : "no matrix work in the row loop";
    }
    return "more rows would make the method too long for the JIT";
  }

  private static boolean hasRolled(MethodPlan plan) {
    for (int id = 0; id < plan.graph().size(); id++) {
      if (plan.storage().live(id) && plan.storage().perRow(id) && !plan.storage().unrolled(id)) {
        return true;
      }
    }
    return false;
  }

  private static String[] row(MethodPlan plan, int id) {
    Graph graph = plan.graph();
    Node node = graph.node(id);
    String name = graph.provenance().name(id).orElse("");
    String origin = graph.provenance().origin(id).map(Origin::toString).orElse("");
    return new String[] {"%" + id, name, node.op().label() + " " + node.shape(), storage(plan, id), loop(plan, id), origin};
  }

  private static String storage(MethodPlan plan, int id) {
    StoragePlan storage = plan.storage();
    Node node = plan.graph().node(id);
    int size = node.shape().size();
    if (StoragePlan.isView(node.op())) {
      return "view of %" + node.input(0);
    }
    if (plan.inlined(id)) {
      return "computed into g";
    }
    if (node.op() == Op.CONSTANT) {
      return storage.local(id) ? "literals" : "constant array";
    }
    if (storage.local(id)) {
      return count(size, "local");
    }
    if (node.op() == Op.PARAM) {
      return plan.widensParams() ? "params, widened" : "params array";
    }
    if (node.op() == Op.INPUT) {
      return "data array";
    }
    int rows = storage.perRow(id) ? plan.rowBlock() : 1;
    return "scratch " + (rows == 1 ? size : rows + " × " + size);
  }

  private static String loop(MethodPlan plan, int id) {
    Node node = plan.graph().node(id);
    if (node.op().kind() == Op.Kind.LEAF || StoragePlan.isView(node.op())) {
      return "";
    }
    long iterations = StoragePlan.iterations(plan.graph(), node);
    String nest = (plan.storage().unrolled(id) ? "unrolled, " : "rolled, ") + count(iterations, "iteration");
    boolean sums = node.op() == Op.SUM || node.op() == Op.NORM || node.op() == Op.MATMUL;
    long terms = node.op() == Op.MATMUL ? iterations / node.shape().size() : iterations;
    return sums && terms >= SPLIT_FROM ? nest + ", 4 partial sums" : nest;
  }

  /** Sums of this many terms or more are split into four partial sums (the emitters' {@code SumWriter}). */
  private static final int SPLIT_FROM = 8;

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String shape(List<Integer> dims) {
    return dims.isEmpty() ? "" : dims.toString();
  }

  private static int[] widths(List<String[]> first, List<String[]> second) {
    int[] widths = new int[COLUMNS];
    for (List<String[]> rows : List.of(first, second)) {
      for (String[] row : rows) {
        for (int c = 0; c < COLUMNS; c++) {
          widths[c] = Math.max(widths[c], row[c].length());
        }
      }
    }
    return widths;
  }

  private static final int COLUMNS = 6;

  private static void table(StringBuilder out, List<String[]> rows, int[] widths) {
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder("    ");
      for (int c = 0; c < COLUMNS; c++) {
        line.append(row[c]);
        if (c < COLUMNS - 1 && widths[c] > 0) {
          line.append(" ".repeat(widths[c] - row[c].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
