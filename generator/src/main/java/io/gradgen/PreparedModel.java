package io.gradgen;

import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParameterInit;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.TrainingConfig;
import java.nio.file.Path;

/**
 * A checked model made ready to run by a {@link Backend}: what {@code train}, {@code grad}, {@code
 * predict}, {@code check} and {@code bench} work with, whichever backend prepared it. {@link
 * CompiledModel} is the {@code java} backend's.
 *
 * <pre>
 * PreparedModel model = backend.prepare(checked, Precision.F32);
 * Objective objective = model.objective(DataLoader.read(model.dataFile(), model.layout()));
 * objective.setParameters(model.initialParams(seed));
 * </pre>
 */
public interface PreparedModel {

  /** The model as the checker left it. */
  CheckedModel checked();

  /** The layout the model runs with: the checked model's, in the precision it was prepared for. */
  ModelLayout layout();

  /**
   * The model bound to {@code data} (rows laid out as {@link #layout()} says; {@link
   * Dataset#none()} for a model without inputs). Each call gives an objective of its own.
   */
  Objective objective(Dataset data);

  /**
   * Seconds that preparing took: generating and compiling the kernel ({@code java}, {@code
   * cuda}); next to nothing for the interpreter.
   */
  double compileSeconds();

  /** The params' initial values, from their {@code param} declarations and {@code runSeed}. */
  default double[] initialParams(long runSeed) {
    return ParameterInit.initialize(layout(), runSeed);
  }

  /** The model's {@code data} file, resolved against the model's folder; null when it names none. */
  default Path dataFile() {
    return checked().dataFile();
  }

  /** The model's {@code train} block. */
  default TrainingConfig training() {
    return checked().training();
  }
}
