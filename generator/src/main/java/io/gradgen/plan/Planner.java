package io.gradgen.plan;

import io.gradgen.ir.Graph;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.EpochShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan pass: a differentiated, optimized graph in, a {@link KernelPlan} out.
 *
 * <p>Requires: a graph from {@code Optimize} (no dead nodes, every constant expression folded),
 * the model's layout. Guarantees: a plan for {@code lossAndGradient} and {@code loss}, for
 * {@code predict} when the model has an output, and for {@code epoch} (the given optimizer's steps)
 * when the model is small enough ({@link MethodPlan#fitsEpoch()}) and its body fits; each one the
 * largest on the ladder below that the target's {@link MethodSizer} accepts.
 *
 * <p>The ladder: first every unroll budget from {@value StoragePlan#UNROLL_BUDGET} and {@code
 * rowBlock} rows an iteration; while the sizer says no, half as many rows, down to one; then half the
 * budget and all the rows again, and so on down to one row and a budget of one (everything but
 * scalars rolled), which is taken whatever its size if the target can compile it at all ({@link
 * MethodSizer#compiles}); where it cannot, the model is refused with {@link MethodTooLarge}, as
 * soon as the first rung is too long. Unrolling and row blocks change speed, never results: each
 * rung computes the same bits.
 *
 * <pre>
 * Planner.plan(graph, layout, EpochShape.of(config), false, JavaEmitter.sizer(false))
 *   // a 40-class softmax model: lossAndGradient at 2 rows an iteration (4 would be too long)
 * </pre>
 */
public final class Planner {
  /** The most rows an iteration of a row loop takes: see {@link MethodPlan}. */
  public static final int ROW_BLOCK = 4;

  private Planner() {}

  /**
   * @param epoch the optimizer and clipping of the training the kernel is for, whose steps its
   *     epoch method takes (null: no epoch method)
   */
  public static KernelPlan plan(Graph graph, ModelLayout layout, EpochShape epoch, boolean simd, MethodSizer sizer) {
    return plan(graph, layout, epoch, simd, sizer, ROW_BLOCK);
  }

  /** As {@link #plan(Graph, ModelLayout, EpochShape, boolean, MethodSizer)}, at most {@code rowBlock} rows an iteration. */
  public static KernelPlan plan(Graph graph, ModelLayout layout, EpochShape epoch, boolean simd, MethodSizer sizer,
      int rowBlock) {
    MethodPlan train = ladder(graph, layout, Method.LOSS_AND_GRADIENT, rowBlock, sizer);
    MethodPlan loss = ladder(graph, layout, Method.LOSS, rowBlock, sizer);
    Optional<MethodPlan> predict = graph.hasOutput()
        ? Optional.of(ladder(graph, layout, Method.PREDICT, 1, sizer))
        : Optional.empty();
    MethodPlan epochPlan = epoch == null ? null : MethodPlan.epoch(graph, layout, epoch);
    Optional<MethodPlan> epochMethod = epochPlan != null && epochPlan.fitsEpoch() && sizer.fits(epochPlan)
        ? Optional.of(epochPlan) : Optional.empty();
    return new KernelPlan(graph, layout, simd, train, loss, predict, epochMethod, epoch);
  }

  /**
   * The plans of the metrics' methods, one per graph (each from {@code Optimize}, its loss root the
   * metric's value): {@link Method#LOSS} plans of one row an iteration, as the kernel computes a
   * metric row by row, on the same ladder of budgets.
   */
  public static List<MethodPlan> metrics(List<Graph> graphs, ModelLayout layout, MethodSizer sizer) {
    List<MethodPlan> plans = new ArrayList<>();
    for (Graph graph : graphs) {
      plans.add(ladder(graph, layout, Method.LOSS, 1, sizer));
    }
    return plans;
  }

  /**
   * The plan of one method alone, on the same ladder, at most {@link #ROW_BLOCK} rows an iteration:
   * for a kernel's extra method planned on a graph of its own (the Hessian-vector product's).
   */
  public static MethodPlan method(Graph graph, ModelLayout layout, Method method, MethodSizer sizer) {
    return ladder(graph, layout, method, method == Method.PREDICT ? 1 : ROW_BLOCK, sizer);
  }

  private static MethodPlan ladder(Graph graph, ModelLayout layout, Method method, int rowBlock, MethodSizer sizer) {
    boolean first = true;
    for (int budget = StoragePlan.UNROLL_BUDGET; ; budget /= 2) {
      int tried = -1;
      for (int rows = rowBlock; ; rows /= 2) {
        MethodPlan plan = MethodPlan.of(graph, layout, method, budget, rows);
        boolean last = budget == 1 && rows == 1;
        if (last) {
          if (!sizer.compiles(plan)) {
            throw new MethodTooLarge(method);
          }
          return plan;
        }
        // Asking for fewer rows gives the same plan where the rules already cut them down.
        if (plan.rowBlock() != tried && sizer.fits(plan)) {
          return plan;
        }
        if (first && !sizer.compiles(MethodPlan.of(graph, layout, method, 1, 1))) {
          // Refused before the rungs between, each of which writes the whole method to size it:
          // 14 of the 18 s a 100,000-term loss took to be refused.
          throw new MethodTooLarge(method);
        }
        first = false;
        tried = plan.rowBlock();
        if (rows == 1) {
          break;
        }
      }
    }
  }
}
