package io.gradgen.optimize;

import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Simplifies a graph until it stops changing: each round rebuilds the graph node by node through
 * the rewrite rules ({@link ConstantFolding}, {@link AlgebraicIdentities}), with common
 * subexpressions merged by the builder's hash-consing, then drops every node no root needs.
 *
 * <p>Requires: any valid graph. Guarantees: the same roots with the same values, bit for bit (no
 * rule reassociates or changes rounding) but for one documented exception, {@code x + 0 → x} at
 * {@code x = −0.0} ({@link AlgebraicIdentities}); no two equal nodes, no dead nodes, and every
 * constant expression of at most 4,096 elements folded (a larger one is left to the kernel's loop,
 * see {@link ConstantFolding}).
 */
public final class Optimize {
  private static final int MAX_ROUNDS = 100;
  private static final List<Rewrite> RULES = List.of(new ConstantFolding(), new AlgebraicIdentities(), new Extrema());

  private Optimize() {}

  public static Graph apply(Graph graph) {
    Graph current = withoutDeadCode(graph);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Graph next = withoutDeadCode(rewrite(current));
      if (next.sameAs(current)) {
        return next;
      }
      current = next;
    }
    return current;
  }

  /** One round of every rule over every node, in order. */
  static Graph rewrite(Graph graph) {
    GraphBuilder builder = new GraphBuilder();
    int[] replacement = new int[graph.size()];
    for (int id = 0; id < graph.size(); id++) {
      Node node = graph.node(id);
      List<Integer> inputs = new ArrayList<>(node.inputs().size());
      for (int input : node.inputs()) {
        inputs.add(replacement[input]);
      }
      Node mapped = new Node(node.op(), inputs, node.shape(), node.attribute());
      builder.at(graph.provenance().origin(id).orElse(null));
      int result = -1;
      for (Rewrite rule : RULES) {
        result = rule.apply(builder, mapped);
        if (result >= 0) {
          break;
        }
      }
      replacement[id] = result >= 0 ? result : builder.add(mapped);
    }
    return remap(builder.build(replacement[graph.loss()], -1, Map.of()), graph, replacement);
  }

  /** Keeps only the nodes some root needs, renumbered in their original order. */
  static Graph withoutDeadCode(Graph graph) {
    int[] replacement = new int[graph.size()];
    java.util.Arrays.fill(replacement, -1);
    boolean[] live = new boolean[graph.size()];
    for (int root : graph.roots()) {
      live[root] = true;
    }
    for (int id = graph.size() - 1; id >= 0; id--) {
      if (live[id]) {
        for (int input : graph.node(id).inputs()) {
          live[input] = true;
        }
      }
    }
    GraphBuilder builder = new GraphBuilder();
    for (int id = 0; id < graph.size(); id++) {
      if (live[id]) {
        Node node = graph.node(id);
        List<Integer> inputs = new ArrayList<>();
        for (int input : node.inputs()) {
          inputs.add(replacement[input]);
        }
        replacement[id] = builder.add(new Node(node.op(), inputs, node.shape(), node.attribute()));
      }
    }
    return remap(builder.build(replacement[graph.loss()], -1, Map.of()), graph, replacement);
  }

  private static Graph remap(Graph rebuilt, Graph original, int[] replacement) {
    Map<String, Integer> gradients = new LinkedHashMap<>();
    original.gradients().forEach((name, id) -> gradients.put(name, replacement[id]));
    int output = original.hasOutput() ? replacement[original.output()] : -1;
    return new Graph(rebuilt.nodes(), replacement[original.loss()], output, gradients,
        original.provenance().remap(replacement, rebuilt.provenance()));
  }
}
