package io.gradgen.graph;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The nodes of each named intermediate, for the picture to box them together: a named op ({@code h
 * = relu(W1 @ x + b1)}, the {@code loss}, the adjoint {@code d_h}) and the unnamed ops that compute
 * it and nothing named before it. Keeps a picture of a few hundred ops legible: each {@code let}
 * of the model is one labelled box.
 *
 * <p>Each named op, in id order, takes its unclaimed ancestors, walking up until a leaf, another
 * named op, a node claimed already, or a node of the other half (a backward box never takes the
 * forward values its adjoint reads). An op shared by two named values belongs to the first.
 *
 * <pre>
 * h = relu(W1 @ x + b1)   →  cluster h: {matmul, add, relu}     (W1, x, b1 stay outside)
 * </pre>
 */
public final class Clusters {
  private Clusters() {}

  /**
   * The clusters of {@code parts}' graph among the nodes {@code drawn} accepts: the named op's id
   * → the ids of its cluster (the named op included), ascending, in the named ops' id order.
   */
  public static Map<Integer, List<Integer>> of(GraphParts parts, IntPredicate drawn) {
    Graph graph = parts.graph();
    int[] claimedBy = new int[graph.size()];
    java.util.Arrays.fill(claimedBy, -1);
    Map<Integer, List<Integer>> clusters = new LinkedHashMap<>();
    for (int root = 0; root < graph.size(); root++) {
      if (!drawn.test(root) || isLeaf(graph, root) || graph.provenance().name(root).isEmpty()) {
        continue;
      }
      claimedBy[root] = root;
      // Ids are topological: a walk down from the root visits every ancestor after its users.
      for (int id = root; id >= 0; id--) {
        if (claimedBy[id] != root) {
          continue;
        }
        for (int input : graph.node(id).inputs()) {
          if (claimedBy[input] < 0 && drawn.test(input) && !isLeaf(graph, input)
              && graph.provenance().name(input).isEmpty() && parts.isForward(input) == parts.isForward(root)) {
            claimedBy[input] = root;
          }
        }
      }
      List<Integer> members = new ArrayList<>();
      for (int id = 0; id <= root; id++) {
        if (claimedBy[id] == root) {
          members.add(id);
        }
      }
      clusters.put(root, members);
    }
    return clusters;
  }

  private static boolean isLeaf(Graph graph, int id) {
    return graph.node(id).op().kind() == Op.Kind.LEAF;
  }
}
