package io.gradgen.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
public record Graph(List<Node> nodes, int loss, int output, Map<String, Integer> gradients) {

  public Graph {
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

  /** The graph printed one node a line, for {@code --dump-after} and test failures. */
  public String dump() {
    StringBuilder text = new StringBuilder();
    for (int id = 0; id < nodes.size(); id++) {
      Node node = nodes.get(id);
      text.append('%').append(id).append(" = ").append(node.op().label());
      for (int input : node.inputs()) {
        text.append(" %").append(input);
      }
      if (node.attribute() != null) {
        text.append(' ').append(node.attribute());
      }
      text.append(' ').append(node.shape()).append('\n');
    }
    text.append("loss = %").append(loss).append('\n');
    if (output >= 0) {
      text.append("output = %").append(output).append('\n');
    }
    gradients.forEach((name, id) -> text.append("gradient ").append(name).append(" = %").append(id).append('\n'));
    return text.toString();
  }
}
