package io.gradgen.plan;

import io.gradgen.ir.Graph;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.EpochShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan of a whole kernel class: one {@link MethodPlan} per method it has, made once by the
 * {@link Planner} and handed to the emitter, which follows it. {@code epochFor}: the optimizer and
 * clipping the kernel was planned for (null for none), whose steps {@code epoch} takes where the
 * model is small enough. {@code simd}: planned for a kernel
 * whose long loops are written with the Vector API (their code is longer, so a method may need
 * less unrolling or fewer rows an iteration). {@code metrics}: one {@link Method#LOSS} plan per
 * metric, in {@link ModelLayout#metrics()} order, each of its own graph (the metric's value as the
 * loss root), scalar and one row an iteration.
 *
 * <pre>
 * KernelPlan plan = Planner.plan(graph, layout, EpochShape.of(config), false, sizer);
 * plan.lossAndGradient().rowBlock();   // 4 for a tanh network
 * plan.epoch();                        // present for a small model: its epoch of optimizer steps
 * </pre>
 */
public record KernelPlan(
    Graph graph,
    ModelLayout layout,
    boolean simd,
    MethodPlan lossAndGradient,
    MethodPlan loss,
    Optional<MethodPlan> predict,
    Optional<MethodPlan> epoch,
    EpochShape epochFor,
    List<MethodPlan> metrics) {

  public KernelPlan {
    metrics = List.copyOf(metrics);
  }

  /** A plan without metrics. */
  public KernelPlan(Graph graph, ModelLayout layout, boolean simd, MethodPlan lossAndGradient, MethodPlan loss,
      Optional<MethodPlan> predict, Optional<MethodPlan> epoch, EpochShape epochFor) {
    this(graph, layout, simd, lossAndGradient, loss, predict, epoch, epochFor, List.of());
  }

  /** This plan with {@code plans} as its metrics' (see {@link Planner#metrics}). */
  public KernelPlan withMetrics(List<MethodPlan> plans) {
    return new KernelPlan(graph, layout, simd, lossAndGradient, loss, predict, epoch, epochFor, plans);
  }

  /** The methods' plans in the order the class declares them. */
  public List<MethodPlan> methods() {
    List<MethodPlan> methods = new ArrayList<>(List.of(lossAndGradient, loss));
    predict.ifPresent(methods::add);
    epoch.ifPresent(methods::add);
    return methods;
  }
}
