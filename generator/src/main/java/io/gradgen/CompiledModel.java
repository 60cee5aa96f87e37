package io.gradgen;

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
 * {@code java} {@link Backend} prepares. {@code simd} says whether its loops were written with the
 * Vector API (the same bits either way).
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
    boolean simd) implements PreparedModel {

  @Override
  public Objective objective(Dataset data) {
    if (kernel instanceof DoubleKernel doubleKernel) {
      return KernelObjective.of(doubleKernel, data);
    }
    return KernelObjective.of((FloatKernel) kernel, data);
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
