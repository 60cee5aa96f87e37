package io.gradgen.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model as tensor IR: nodes in topological order (every operand before its user) and the roots
 * that matter: the per-sample {@code loss} (a scalar), the {@code output} (or -1), and, once
 * differentiated, the gradient of the loss with respect to each param, by name, in declaration
 * order.
 *
 * <p>A graph is immutable; every pass returns a new one.
 *
 * <pre>
 * param a = 5; param b = 6; loss a^3 - b^2      differentiated:
 *   %0 = param a []                             %5 = mul %1 %0
 *   %1 = mul %0 %0                              %6 = add %5 ...
 *   %2 = mul %1 %0 ...                          gradient a = %9, gradient b = %12
 * </pre>
 */
public record Graph(List<Node> nodes, int loss, int output, Map<String, Integer> gradients, Provenance provenance) {

  public Graph {
    java.util.Objects.requireNonNull(provenance, "provenance");
    nodes = List.copyOf(nodes);
    gradients = Collections.unmodifiableMap(new LinkedHashMap<>(gradients));
    for (int id = 0; id < nodes.size(); id++) {
      for (int input : nodes.get(id).inputs()) {
        if (input < 0 || input >= id) {
          throw new IllegalArgumentException("node %" + id + " uses %" + input + " out of order");
        }
      }
    }
    if (loss < 0 || loss >= nodes.size() || !nodes.get(loss).shape().isScalar()) {
      throw new IllegalArgumentException("the loss must be a scalar node");
    }
  }

  /** A graph with no origins or names: for tests and hand-built graphs. */
  public Graph(List<Node> nodes, int loss, int output, Map<String, Integer> gradients) {
    this(nodes, loss, output, gradients, Provenance.NONE);
  }

  /** The same graph with another side table. */
  public Graph withProvenance(Provenance table) {
    return new Graph(nodes, loss, output, gradients, table);
  }

  /** Whether {@code other} has the same nodes and roots, whatever its provenance. */
  public boolean sameAs(Graph other) {
    return nodes.equals(other.nodes) && loss == other.loss && output == other.output
        && gradients.equals(other.gradients);
  }

  public Node node(int id) {
    return nodes.get(id);
  }

  public int size() {
    return nodes.size();
  }

  public boolean hasOutput() {
    return output >= 0;
  }

  /** The ids every root depends on: loss, output, gradients. */
  public List<Integer> roots() {
    List<Integer> roots = new ArrayList<>();
    roots.add(loss);
    if (output >= 0) {
      roots.add(output);
    }
    roots.addAll(gradients.values());
    return roots;
  }

  /**
   * The graph printed one node a line, for {@code --dump-after} and test failures: id, op,
   * operands, attribute, shape, the model's name for the node if it has one, and where in the model
   * it comes from; then the roots.
   *
   * <pre>
   * %4 = matmul %2 %0 : [2]                  # 14:14 w @ x
   * %5 = add %3 %4 : [2] yhat                # 14:1 yhat = w @ x + b
   * loss = %11
   * gradient w = %17
   * </pre>
   */
  public String dump() {
    List<String> heads = new ArrayList<>();
    int width = 0;
    for (int id = 0; id < nodes.size(); id++) {
      Node node = nodes.get(id);
      StringBuilder head = new StringBuilder().append('%').append(id).append(" = ").append(node.op().label());
      for (int input : node.inputs()) {
        head.append(" %").append(input);
      }
      if (node.attribute() != null) {
        head.append(' ').append(attribute(node));
      }
      head.append(" : ").append(node.shape());
      provenance.name(id).ifPresent(name -> head.append(' ').append(name));
      heads.add(head.toString());
      width = Math.max(width, head.length());
    }
    StringBuilder text = new StringBuilder();
    for (int id = 0; id < nodes.size(); id++) {
      String head = heads.get(id);
      Optional<Origin> origin = provenance.origin(id);
      if (origin.isPresent()) {
        text.append(head).append(" ".repeat(width - head.length())).append("  # ").append(origin.get());
      } else {
        text.append(head);
      }
      text.append('\n');
    }
    text.append("loss = %").append(loss).append('\n');
    if (output >= 0) {
      text.append("output = %").append(output).append('\n');
    }
    gradients.forEach((name, id) -> text.append("gradient ").append(name).append(" = %").append(id).append('\n'));
    return text.toString();
  }

  /** A node's attribute as the dump shows it: a name, indices, or at most eight constant values. */
  private static String attribute(Node node) {
    if (node.attribute() instanceof Values values && values.size() > MAX_DUMPED_VALUES) {
      StringBuilder text = new StringBuilder("[");
      for (int i = 0; i < MAX_DUMPED_VALUES; i++) {
        text.append(values.get(i)).append(", ");
      }
      return text.append("… ").append(values.size()).append(" values]").toString();
    }
    if (node.attribute() instanceof Indices indices) {
      return indices.positions().toString();
    }
    return node.attribute().toString();
  }

  private static final int MAX_DUMPED_VALUES = 8;
}
