package io.gradgen.spark;

import io.gradgen.JaninoLoader;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.Kernel;
import io.gradgen.runtime.train.KernelObjective;
import io.gradgen.runtime.train.Objective;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor JVM keeps between tasks: each model's kernel, compiled once from its Java
 * source with Janino (keyed by the source's hash, so tasks ship the key and the source travels in a
 * broadcast read only by the first task that needs it), and each cached part's objective, made once
 * and reused by every later step over that part.
 */
final class OnExecutor {
  private static final Map<String, Kernel> KERNELS = new ConcurrentHashMap<>();
  private static final Map<Part, Objective> OBJECTIVES = Collections.synchronizedMap(new WeakHashMap<>());

  private OnExecutor() {}

  /** The model's kernel (a prototype: objectives take copies), compiled on first use in this JVM. */
  static Kernel kernel(Model model) {
    return KERNELS.computeIfAbsent(model.key(), key -> JaninoLoader.load(model.className(), model.source()));
  }

  /** An objective over {@code part}'s rows, made on first use and kept while Spark keeps the part. */
  static Objective objective(Model model, Part part) {
    Objective objective = OBJECTIVES.get(part);
    if (objective == null) {
      objective = bind(kernel(model), part);
      OBJECTIVES.put(part, objective);
    }
    return objective;
  }

  /** A new objective of {@code kernel} over {@code part}'s rows. */
  static Objective bind(Kernel kernel, Part part) {
    if (kernel instanceof DoubleKernel d) {
      return KernelObjective.of(d.copy(), part.dataset());
    }
    return KernelObjective.of(((FloatKernel) kernel).copy(), part.dataset());
  }
}
