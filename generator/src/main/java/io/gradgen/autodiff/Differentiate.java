package io.gradgen.autodiff;

import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Origin;
import io.gradgen.ir.Shape;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation at the tensor level: a forward graph in, the same graph with the
 * backward pass appended and {@link Graph#gradients()} filled in.
 *
 * <p>Requires: a graph whose loss is a scalar and whose params are named in {@code params}
 * (declaration order). Guarantees: one gradient per declared param, of that param's shape, in
 * declaration order; a param the loss does not use gets a zero constant. The forward nodes keep
 * their ids, origins and names; the nodes an op's rule builds take that op's origin, {@linkplain
 * Origin#backward() as backward}, and the adjoint of a named value {@code h} is named {@code d_h}
 * (see {@link #nameAdjoints} for a node that is several values' adjoint).
 *
 * <p>The walk visits nodes from the loss down, once each (ids are topological), and applies the
 * node's {@link AdjointRules} entry to its accumulated adjoint. Only nodes that depend on a param
 * are visited: the data and constants need no gradient.
 *
 * <pre>
 * loss a^3 - b^2   (a = 5, b = 6)   →   gradient a = 3a² = 75, gradient b = −2b = −12
 * </pre>
 */
public final class Differentiate {
  /** The adjoint of a value named {@code h} is named {@code d_h}, as Tangent names it. */
  public static final String ADJOINT_PREFIX = "d_";

  private Differentiate() {}

  public static Graph apply(Graph forward, Map<String, Shape> params) {
    return apply(forward, params, AdjointRules.standard());
  }

  /** As {@link #apply(Graph, Map)}, with the derivative of each op taken from {@code rules}. */
  public static Graph apply(Graph forward, Map<String, Shape> params, AdjointRules rules) {
    GraphBuilder graph = new GraphBuilder(forward);
    boolean[] needsGradient = dependsOnParams(forward);
    Integer[] adjoint = new Integer[forward.size()];
    AdjointRules.Adjoints adjoints =
        new AdjointRules.Adjoints() {
          @Override
          public GraphBuilder graph() {
            return graph;
          }

          @Override
          public void accumulate(int operand, int contribution) {
            if (!needsGradient[operand]) {
              return;
            }
            if (!graph.shape(contribution).equals(graph.shape(operand))) {
              throw new IllegalStateException(
                  "adjoint of %" + operand + " has shape " + graph.shape(contribution)
                      + ", not " + graph.shape(operand));
            }
            adjoint[operand] =
                adjoint[operand] == null ? contribution : graph.add(adjoint[operand], contribution);
          }
        };

    graph.at(forward.provenance().origin(forward.loss()).map(Origin::backward).orElse(null));
    adjoint[forward.loss()] = graph.scalar(1);
    for (int id = forward.loss(); id >= 0; id--) {
      if (adjoint[id] != null && needsGradient[id]) {
        Node node = forward.node(id);
        graph.at(forward.provenance().origin(id).map(Origin::backward).orElse(null));
        rules.of(node.op()).apply(adjoints, node, id, adjoint[id]);
      }
    }
    graph.at(null);
    nameAdjoints(forward, adjoint, graph);

    Map<String, Integer> gradients = new LinkedHashMap<>();
    params.forEach((name, shape) -> {
      int param = findParam(forward, name);
      gradients.put(
          name, param >= 0 && adjoint[param] != null ? adjoint[param] : graph.filled(shape, 0));
    });
    return graph.build(forward.loss(), forward.output(), gradients);
  }

  /**
   * Names the adjoint of each named value {@code h} {@code d_h}. One node can be the adjoint of
   * several (in {@code yhat = w @ x + b}, {@code b}'s adjoint is {@code yhat}'s): it takes the name of
   * the one value that is not a param, as the derivation reads ({@code d_b += d_yhat}), or of the one
   * param; where that leaves two (in {@code loss a + b} both adjoints are the loss's {@code dy}) it
   * takes none rather than a wrong one.
   */
  private static void nameAdjoints(Graph forward, Integer[] adjoint, GraphBuilder graph) {
    Map<Integer, Set<String>> values = new LinkedHashMap<>();
    Map<Integer, Set<String>> params = new LinkedHashMap<>();
    for (int id = 0; id < forward.size(); id++) {
      if (adjoint[id] == null) {
        continue;
      }
      int node = adjoint[id];
      boolean param = forward.node(id).op() == Op.PARAM;
      forward.provenance().name(id).ifPresent(name ->
          (param ? params : values).computeIfAbsent(node, key -> new LinkedHashSet<>()).add(ADJOINT_PREFIX + name));
    }
    Set<Integer> nodes = new LinkedHashSet<>(values.keySet());
    nodes.addAll(params.keySet());
    for (int node : nodes) {
      Set<String> names = values.getOrDefault(node, Set.of()).isEmpty() ? params.get(node) : values.get(node);
      if (names.size() == 1) {
        graph.name(node, names.iterator().next());
      }
    }
  }

  private static int findParam(Graph graph, String name) {
    for (int id = 0; id < graph.size(); id++) {
      Node node = graph.node(id);
      if (node.op() == Op.PARAM && node.name().equals(name)) {
        return id;
      }
    }
    return -1;
  }

  private static boolean[] dependsOnParams(Graph graph) {
    boolean[] depends = new boolean[graph.size()];
    for (int id = 0; id < graph.size(); id++) {
      Node node = graph.node(id);
      depends[id] = node.op() == Op.PARAM;
      for (int input : node.inputs()) {
        depends[id] |= depends[input];
      }
    }
    return depends;
  }
}
