package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small models for the check pass's tests: checked from their lines, or the one error they give. */
final class Models {
  private Models() {}

  /** {@code model M} and {@code lines}, checked. */
  static CheckedModel check(String... lines) {
    String text = "model M\n" + String.join("\n", lines) + "\n";
    return Checker.check(ModelReader.parse(text, "m.model"), Path.of("m.model"));
  }

  /** The one line the checker reports for {@code model M} and {@code lines}. */
  static String error(String... lines) {
    return assertThrows(ModelException.class, () -> check(lines)).format();
  }

  /**
   * A node as a tree, its operands in parentheses: {@code div(sum(param a), constant 3.0)}. Two
   * graphs compute the same loss when their losses' trees are equal, whatever the order their
   * nodes were created in.
   */
  static String tree(Graph graph, int id) {
    Node node = graph.node(id);
    StringBuilder text = new StringBuilder(node.op().label());
    if (node.attribute() instanceof io.gradgen.ir.Indices indices) {
      text.append(' ').append(indices.positions());
    } else if (node.attribute() != null) {
      text.append(' ').append(node.attribute());
    }
    List<String> operands = new ArrayList<>();
    for (int input : node.inputs()) {
      operands.add(tree(graph, input));
    }
    if (!operands.isEmpty()) {
      text.append('(').append(String.join(", ", operands)).append(')');
    }
    return text.toString();
  }

  /** The tree of the loss of {@code model M} and {@code lines}. */
  static String loss(String... lines) {
    Graph forward = check(lines).forward();
    return tree(forward, forward.loss());
  }
}
