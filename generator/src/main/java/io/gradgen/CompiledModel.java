package io.gradgen;

import java.util.function.Supplier;

import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Graph;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.Kernel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParameterInit;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.KernelObjective;
import io.gradgen.runtime.train.Objective;

/**
 * A model compiled to a running kernel: what the CLI and a Java program train with, and what the
 * {@code java} {@link Backend} prepares. {@code simd} says whether it computes with SIMD loops
 * written with the Vector API (the same bits either way): {@code kernel} itself, or, where {@code
 * simdKernel} is not null, the SIMD kernel it makes (in the background, when training first asks)
 * and hands over to once it is compiled, {@code kernel} being the scalar one.
 *
 * <pre>
 * CompiledModel model = Gradgen.compile(Path.of("crop-yield.model"));
 * Objective objective = model.objective(DataLoader.read(model.dataFile(), model.layout()));
 * TrainingResult result = new Trainer(model.training(), 2).train(objective, model.initialParams(0), null, null);
 * </pre>
 */
public record CompiledModel(
    CheckedModel checked,
    ModelLayout layout,
    Graph graph,
    String javaSource,
    Kernel kernel,
    double compileSeconds,
    boolean simd,
    Supplier<Kernel> simdKernel) implements PreparedModel {

  /** A model whose {@code kernel} is all it runs. */
  public CompiledModel(CheckedModel checked, ModelLayout layout, Graph graph, String javaSource, Kernel kernel,
      double compileSeconds, boolean simd) {
    this(checked, layout, graph, javaSource, kernel, compileSeconds, simd, null);
  }

  /**
   * The kernel bound to {@code data}; where {@code simdKernel} is not null ({@link
   * Gradgen#compileTiered}), an objective that hands over from {@code kernel}, the scalar one, to
   * the SIMD kernel once the JIT has compiled it ({@link io.gradgen.runtime.train.TieredObjective}).
   */
  @Override
  public Objective objective(Dataset data) {
    if (kernel instanceof DoubleKernel doubleKernel) {
      return simdKernel == null ? KernelObjective.of(doubleKernel, data)
          : KernelObjective.tiered(doubleKernel, () -> (DoubleKernel) simdKernel.get(), data);
    }
    return simdKernel == null ? KernelObjective.of((FloatKernel) kernel, data)
        : KernelObjective.tiered((FloatKernel) kernel, () -> (FloatKernel) simdKernel.get(), data);
  }

  @Override
  public double[] initialParams(long runSeed) {
    return ParameterInit.initialize(layout, runSeed);
  }

  @Override
  public java.nio.file.Path dataFile() {
    return checked.dataFile();
  }

  @Override
  public io.gradgen.runtime.train.TrainingConfig training() {
    return checked.training();
  }
}
