package io.gradgen.graph;

import static io.gradgen.graph.DotStrings.quoted;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Shape;
import io.gradgen.ir.Values;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A graph as Graphviz DOT text, styled as PyTorchViz's {@code make_dot} draws an autograd graph:
 * monospace boxes, params light blue and labelled with name and shape, the loss and the output
 * green, backward ops grey and named by the {@code grad_fn} of the forward op whose adjoint they
 * compute ({@link GradFnNames}), each gradient an {@code AccumulateGrad} box linked to its param.
 * Inputs (light yellow), targets (pink) and constants (white ellipses) are styled apart, and a
 * forward value a backward op reads is an orange copy beside it, as {@code make_dot} draws a saved
 * tensor: an edge back up to the forward op would cross the whole picture, and a few hundred such
 * edges make Graphviz's layout take minutes instead of a second.
 * The ops of each named intermediate share a labelled box ({@link Clusters}); a node nothing
 * returned uses (the differentiated graph's dead code, which optimize removes) is dashed.
 *
 * <p>Every node of the graph is one DOT node {@code nID} and every operand one edge (from a saved
 * copy {@code sK}, one node more, where a backward op reads a forward value); each gradient adds
 * its {@code AccumulateGrad} node and its param's box, with two edges. With {@code forwardOnly},
 * only the nodes the loss or the output depends on and their operand edges.
 *
 * <pre>
 * digraph "CropYield" {
 *   n2 [label="w\n(2, 3)", fillcolor=lightblue, ...];
 *   n4 [label="matmul\n(2)", fillcolor=white, ...];
 *   n2 -> n4;
 *   ...
 * </pre>
 */
public final class DotWriter {
  private DotWriter() {}

  /**
   * {@code graph} as DOT, titled {@code title}; INPUT nodes named in {@code targets} are drawn
   * as targets.
   */
  public static String write(Graph graph, String title, Set<String> targets, boolean forwardOnly) {
    GraphParts parts = GraphParts.of(graph, targets);
    IntPredicate drawn = id -> !forwardOnly || parts.isForward(id);
    StringBuilder dot = new StringBuilder();
    dot.append("digraph ").append(quoted(title)).append(" {\n");
    int count = 0;
    for (int id = 0; id < graph.size(); id++) {
      count += drawn.test(id) ? 1 : 0;
    }
    // make_dot's own sizing: 12 inches, growing with the content so that large graphs stay legible.
    double size = Math.max(12, 0.15 * count);
    dot.append(String.format(Locale.ROOT, "  graph [size=\"%s,%s\", ranksep=0.3, label=%s, labelloc=t, fontname=monospace];\n",
        number(size), number(size), quoted(title)));
    dot.append("  node [style=filled, shape=box, align=left, fontsize=10, height=0.2, fontname=monospace];\n");
    dot.append("  edge [fontname=monospace, fontsize=9];\n");

    Map<Integer, List<Integer>> clusters = Clusters.of(parts, drawn);
    boolean[] inCluster = new boolean[graph.size()];
    int index = 0;
    for (Map.Entry<Integer, List<Integer>> cluster : clusters.entrySet()) {
      String name = graph.provenance().name(cluster.getKey()).orElseThrow();
      dot.append("  subgraph cluster_").append(index++).append(" {\n");
      dot.append("    label=").append(quoted(name)).append("; style=\"dashed,rounded\"; color=gray50; fontname=monospace; fontsize=11;\n");
      for (int id : cluster.getValue()) {
        inCluster[id] = true;
        dot.append("    ").append(node(parts, id)).append('\n');
      }
      dot.append("  }\n");
    }
    for (int id = 0; id < graph.size(); id++) {
      if (drawn.test(id) && !inCluster[id]) {
        dot.append("  ").append(node(parts, id)).append('\n');
      }
    }
    int saved = 0;
    for (int id = 0; id < graph.size(); id++) {
      if (!drawn.test(id)) {
        continue;
      }
      for (int input : graph.node(id).inputs()) {
        if (parts.isForward(input) && !parts.isForward(id)) {
          // A forward value an adjoint reads is what autograd saves for backward: drawn as make_dot's
          // orange saved tensor beside the backward op, not as an edge back up to the forward op.
          String copy = "s" + saved++;
          dot.append("  ").append(copy).append(" [label=").append(quoted(savedLabel(graph, input)))
              .append(", fillcolor=orange, tooltip=").append(quoted("saved %" + input)).append("];\n");
          dot.append("  ").append(copy).append(" -> n").append(id).append(" [dir=none];\n");
        } else {
          dot.append("  n").append(input).append(" -> n").append(id).append(";\n");
        }
      }
    }
    if (!forwardOnly) {
      accumulateGrads(graph, dot);
    }
    return dot.append("}\n").toString();
  }

  /**
   * Each gradient's AccumulateGrad box, fed by the gradient, and beside it a light-blue box of the
   * param it is for, as make_dot draws a leaf's AccumulateGrad.
   */
  private static void accumulateGrads(Graph graph, StringBuilder dot) {
    int index = 0;
    for (Map.Entry<String, Integer> gradient : graph.gradients().entrySet()) {
      String id = "acc" + index;
      String param = "p" + index++;
      String shape = shape(graph.node(gradient.getValue()).shape());
      dot.append("  ").append(id).append(" [label=").append(quoted("AccumulateGrad\n" + gradient.getKey() + ".grad " + shape))
          .append(", fillcolor=lightgrey, penwidth=2];\n");
      dot.append("  ").append(param).append(" [label=").append(quoted(gradient.getKey() + "\n" + shape))
          .append(", fillcolor=lightblue];\n");
      dot.append("  n").append(gradient.getValue()).append(" -> ").append(id).append(";\n");
      dot.append("  ").append(id).append(" -> ").append(param).append(" [style=dashed, color=steelblue, label=\"grad\"];\n");
    }
  }

  /** A saved forward value: its name, or its id and op, and its shape. */
  private static String savedLabel(Graph graph, int id) {
    Node node = graph.node(id);
    String what = switch (node.op()) {
      case PARAM, INPUT -> node.name();
      case CONSTANT -> constant(node.values(), node.shape());
      default -> graph.provenance().name(id).orElse("%" + id + " " + node.op().label());
    };
    return node.isConstant() ? what : what + "\n" + shape(node.shape());
  }

  private static String node(GraphParts parts, int id) {
    Graph graph = parts.graph();
    Node node = graph.node(id);
    String shape = shape(node.shape());
    String name = graph.provenance().name(id).orElse(null);
    String label;
    String style;
    switch (parts.kind(id)) {
      case PARAM -> {
        label = node.name() + "\n" + shape;
        style = "fillcolor=lightblue";
      }
      case INPUT -> {
        label = node.name() + "\n" + shape;
        style = "fillcolor=lightyellow";
      }
      case TARGET -> {
        label = node.name() + " (target)\n" + shape;
        style = "fillcolor=pink";
      }
      case CONSTANT -> {
        label = constant(node.values(), node.shape());
        style = "shape=ellipse, fillcolor=white";
      }
      case FORWARD -> {
        label = (name != null ? name + " = " : "") + node.op().label() + "\n" + shape;
        style = id == graph.loss() || id == graph.output() ? "fillcolor=darkolivegreen1" : "fillcolor=white";
        if (id == graph.loss()) {
          style += ", penwidth=2";
        }
      }
      default -> {
        String gradFn = parts.owner(id).isPresent() ? GradFnNames.of(graph, parts.owner(id).getAsInt()) + "\n" : "";
        label = gradFn + (name != null ? name + " = " : "") + node.op().label() + " " + shape;
        style = "fillcolor=lightgrey";
      }
    }
    if (!parts.isLive(id)) {
      style += ", style=\"filled,dashed\"";
    }
    StringBuilder text = new StringBuilder("n").append(id).append(" [label=").append(quoted(label)).append(", ").append(style);
    String tooltip = "%" + id + graph.provenance().origin(id).map(origin -> "  " + origin).orElse("")
        + (parts.isLive(id) ? "" : "  (unused: optimize removes it)");
    return text.append(", tooltip=").append(quoted(tooltip)).append("];").toString();
  }

  /** A shape as PyTorch prints a size: {@code ()}, {@code (3)}, {@code (2, 3)}. */
  static String shape(Shape shape) {
    StringBuilder text = new StringBuilder("(");
    for (int axis = 0; axis < shape.rank(); axis++) {
      text.append(axis > 0 ? ", " : "").append(shape.dim(axis));
    }
    return text.append(')').toString();
  }

  /** A constant's label: its value, up to four values, or its shape. */
  private static String constant(Values values, Shape shape) {
    if (shape.isScalar()) {
      return number(values.get(0));
    }
    if (values.size() <= 4) {
      StringBuilder text = new StringBuilder("[");
      for (int i = 0; i < values.size(); i++) {
        text.append(i > 0 ? ", " : "").append(number(values.get(i)));
      }
      return text.append(']').toString();
    }
    if (values.allEqual(values.get(0))) {
      return number(values.get(0)) + "\n" + shape(shape);
    }
    return "constant\n" + shape(shape);
  }

  /** A double as a person reads it, to six digits: 2, 0.5, 0.0166667, 1e-05. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros().toString()
        .replace("E", "e");
  }
}
