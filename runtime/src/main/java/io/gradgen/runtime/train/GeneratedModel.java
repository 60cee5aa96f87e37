package io.gradgen.runtime.train;

import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.Kernel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParameterInit;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A model whose kernel was generated when its project was built: what a generated {@code NameModel}
 * class implements (written by the annotation processor, the Maven plugin and {@code gradgen
 * generate} alike), so that it trains with this runtime alone, as {@code Gradgen.compile}'s model
 * does with the generator:
 *
 * <pre>
 * CropYieldModel model = new CropYieldModel();
 * Objective objective = model.objective(DataLoader.read(model.dataFile(), model.layout()));
 * TrainingResult result = new Trainer(model.training(), 2).train(objective, model.initialParams(0), null, null);
 * double[] yhat = model.predict(result.params(), new double[] {73, 67, 43});
 * </pre>
 *
 * <p>The generated class knows nothing of where the model file was: {@link #dataFile()} is the
 * model's {@code data} path as written, which resolves against the working directory; {@link
 * #dataFile(Path)} resolves it against the folder the model file sits in, as {@code gradgen} does.
 */
public interface GeneratedModel {

  /** The kernel's layout: params, inputs, targets, output, precision. */
  ModelLayout layout();

  /** The model's {@code train} block over the defaults. */
  TrainingConfig training();

  /** The model's {@code data} path exactly as written, or null when it names none. */
  Path dataFile();

  /** A new kernel instance ({@link DoubleKernel} or {@link FloatKernel} as the precision says). */
  Kernel kernel();

  /** {@link #dataFile()} resolved against {@code modelFolder}; null when the model names none. */
  default Path dataFile(Path modelFolder) {
    Path declared = dataFile();
    return declared == null ? null : modelFolder.resolve(declared).normalize();
  }

  /** The params' initial values, from their {@code param} declarations and {@code runSeed}. */
  default double[] initialParams(long runSeed) {
    return ParameterInit.initialize(layout(), runSeed);
  }

  /**
   * A new kernel bound to {@code data} (rows laid out as {@link #layout()} says; {@link
   * Dataset#none()} for a model without inputs).
   */
  default Objective objective(Dataset data) {
    Kernel kernel = kernel();
    if (kernel instanceof DoubleKernel doubleKernel) {
      return KernelObjective.of(doubleKernel, data);
    }
    return KernelObjective.of((FloatKernel) kernel, data);
  }

  /**
   * The model's {@code output} for one row, with {@code params} (flat, as {@link #initialParams}
   * gives them or {@link TrainingResult#params()}): {@code row} holds the inputs in declaration
   * order, optionally followed by the targets (a whole data row). For an f32 model both are
   * rounded to float first, as training rounds them.
   *
   * @throws IllegalArgumentException when {@code params} or {@code row} has the wrong length
   * @throws IllegalStateException when the model declares no output
   */
  default double[] predict(double[] params, double[] row) {
    ModelLayout layout = layout();
    if (!layout.hasOutput()) {
      throw new IllegalStateException("model " + layout.modelName() + " declares no output");
    }
    if (params.length != layout.parameterCount()) {
      throw new IllegalArgumentException("model " + layout.modelName() + " has " + layout.parameterCount()
          + " parameter values, not " + params.length);
    }
    int inputs = 0;
    for (DataSlot slot : layout.data()) {
      inputs += slot.target() ? 0 : slot.size();
    }
    if (row.length != inputs && row.length != layout.rowWidth()) {
      throw new IllegalArgumentException("model " + layout.modelName() + " takes " + inputs + " input value"
          + (inputs == 1 ? "" : "s") + " a row"
          + (inputs == layout.rowWidth() ? "" : " (" + layout.rowWidth() + " values with its targets)")
          + ", not " + row.length);
    }
    double[] output = new double[layout.outputSize()];
    Kernel kernel = kernel();
    if (kernel instanceof DoubleKernel doubleKernel) {
      doubleKernel.predict(params, Arrays.copyOf(row, layout.rowWidth()), 0, output);
    } else {
      ((FloatKernel) kernel).predict(floats(params, params.length), floats(row, layout.rowWidth()), 0, output);
    }
    return output;
  }

  private static float[] floats(double[] values, int length) {
    float[] rounded = new float[length];
    for (int i = 0; i < values.length; i++) {
      rounded[i] = (float) values[i];
    }
    return rounded;
  }
}
