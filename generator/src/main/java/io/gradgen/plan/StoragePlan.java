package io.gradgen.plan;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import java.util.Collection;

/**
 * Decides, for one kernel method, how each value it needs is held and computed. A side table over
 * the graph; nothing in the graph changes.
 *
 * <ul>
 *   <li><b>live</b>: the method's roots need it.
 *   <li><b>perRow</b>: it depends on the sample's data, so it is computed inside the row loop;
 *       everything else (params and what follows from them alone) is computed once, before it.
 *   <li><b>view</b>: broadcast, transpose, indexing and one-hot never hold data; reading one reads
 *       its operand.
 *   <li><b>unrolled</b>: the loop nest that computes the value does at most {@value #UNROLL_BUDGET}
 *       iterations, so it is written out with constant indices.
 *   <li><b>local</b>: the value is held in Java locals, one per element: it has at most {@value
 *       #SMALL} elements and every nest that writes or reads it is unrolled (a rolled loop cannot
 *       index locals). Otherwise it lives in an array: a scratch field, or the params and data
 *       arrays themselves.
 * </ul>
 *
 * <pre>
 * crop yields: w[2,3] @ x[3] + b   → 6-iteration nest, unrolled; w, x, b and the product in locals
 * 64 × 32 tanh layer               → 2,048-iteration nest, rolled loops over arrays
 * </pre>
 *
 * <p>The budget is {@value #UNROLL_BUDGET} unless the planner gives a smaller one, for a method that
 * would come out too large for the JIT (see {@link Planner}).
 */
public final class StoragePlan {
  public static final int SMALL = 16;
  public static final int UNROLL_BUDGET = 16;

  private final Graph graph;
  private final boolean[] live;
  private final boolean[] perRow;
  private final boolean[] unrolled;
  private final boolean[] local;

  /**
   * @param rolledSinks ids read by the method's own rolled loops outside any node's nest (gradient
   *     accumulation and output writes of values larger than the budget)
   * @param budget the most iterations an unrolled nest may have, and the most elements a value in
   *     locals may have ({@value #UNROLL_BUDGET} and {@value #SMALL} by default), at least 1
   */
  StoragePlan(Graph graph, Collection<Integer> roots, Collection<Integer> rolledSinks, int budget) {
    if (budget < 1) {
      throw new IllegalArgumentException("unroll budget must be at least 1, not " + budget);
    }
    this.graph = graph;
    int size = graph.size();
    live = new boolean[size];
    perRow = new boolean[size];
    unrolled = new boolean[size];
    local = new boolean[size];

    for (int root : roots) {
      live[root] = true;
    }
    for (int id = size - 1; id >= 0; id--) {
      if (live[id]) {
        for (int input : graph.node(id).inputs()) {
          live[input] = true;
        }
      }
    }
    for (int id = 0; id < size; id++) {
      Node node = graph.node(id);
      perRow[id] = node.op() == Op.INPUT;
      for (int input : node.inputs()) {
        perRow[id] |= perRow[input];
      }
      unrolled[id] = node.op().kind() == Op.Kind.LEAF || iterations(graph, node) <= budget;
    }

    boolean[] readByRolledLoop = new boolean[size];
    for (int sink : rolledSinks) {
      markStorage(sink, readByRolledLoop);
    }
    for (int id = 0; id < size; id++) {
      Node node = graph.node(id);
      if (live[id] && !isView(node.op()) && !unrolled[id]) {
        for (int input : node.inputs()) {
          markStorage(input, readByRolledLoop);
        }
      }
    }
    for (int id = 0; id < size; id++) {
      Node node = graph.node(id);
      boolean small = node.shape().size() <= Math.min(SMALL, budget);
      local[id] = !isView(node.op()) && small && unrolled[id] && !readByRolledLoop[id];
      // A scalar has no index to vary: it is one local, even when a rolled reduction computes it.
      local[id] |= !isView(node.op()) && node.shape().isScalar();
    }
  }

  /** Marks the value that holds {@code id}'s elements, looking through views. */
  private void markStorage(int id, boolean[] marks) {
    Node node = graph.node(id);
    if (isView(node.op())) {
      if (node.op() != Op.ONE_HOT && node.op() != Op.BROADCAST) {
        markStorage(node.input(0), marks);
      }
      return;
    }
    marks[id] = true;
  }

  public static boolean isView(Op op) {
    return op == Op.BROADCAST || op == Op.TRANSPOSE || op == Op.INDEX || op == Op.INDEX_ADJOINT
        || op == Op.ONE_HOT;
  }

  /** The iterations of the loop nest that computes {@code node}, the inner sums included. */
  public static long iterations(Graph graph, Node node) {
    return switch (node.op()) {
      case SUM, NORM, LOGSUMEXP -> graph.node(node.input(0)).shape().size();
      case MATMUL -> {
        var a = graph.node(node.input(0)).shape();
        yield (long) node.shape().size() * a.dim(a.rank() - 1);
      }
      default -> node.shape().size();
    };
  }

  public boolean live(int id) {
    return live[id];
  }

  public boolean perRow(int id) {
    return perRow[id];
  }

  public boolean unrolled(int id) {
    return unrolled[id];
  }

  public boolean local(int id) {
    return local[id];
  }
}
