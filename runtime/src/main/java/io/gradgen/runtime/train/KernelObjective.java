package io.gradgen.runtime.train;

import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.data.Dataset;

/**
 * Binds a generated kernel to its data as an {@link Objective}. The data is held once in the
 * kernel's precision (a {@code float[]} for f32) as a pristine copy, plus a working copy that
 * {@link Objective#arrange} fills by copying rows from the pristine one; the parameters live in one
 * array shared by every {@link Objective#copyForThread()} copy, each of which has its own {@code
 * kernel.copy()} for scratch space.
 *
 * <pre>
 * Objective objective = KernelObjective.of(kernel, CsvReader.read(path, kernel.layout()));
 * objective.setParameters(ParameterInit.initialize(kernel.layout(), seed));
 * double loss = objective.loss(0, objective.rows()) / objective.rows();
 * </pre>
 *
 * For f32, {@link Objective#setParameters} rounds every value to float and writes the rounded value
 * back into the caller's array, so the trainer's copy is exactly what the kernel computes with.
 */
public final class KernelObjective {
  private KernelObjective() {}

  public static Objective of(DoubleKernel kernel, Dataset data) {
    int width = checkWidth(kernel.layout(), data);
    int rows = rows(kernel.layout(), data);
    double[] pristine = kernel.layout().hasInputs() ? data.values().clone() : new double[0];
    return new DoubleObjective(
        kernel, new DoubleObjective.Shared(pristine, width, rows, kernel.layout().parameterCount()));
  }

  public static Objective of(FloatKernel kernel, Dataset data) {
    int width = checkWidth(kernel.layout(), data);
    int rows = rows(kernel.layout(), data);
    float[] pristine = new float[kernel.layout().hasInputs() ? data.values().length : 0];
    for (int i = 0; i < pristine.length; i++) {
      pristine[i] = (float) data.values()[i];
    }
    return new FloatObjective(
        kernel, new FloatObjective.Shared(pristine, width, rows, kernel.layout().parameterCount()));
  }

  private static int checkWidth(ModelLayout layout, Dataset data) {
    if (layout.hasInputs() && data.width() != layout.rowWidth()) {
      throw new IllegalArgumentException(
          data.source() + " has rows of " + data.width() + " values, model " + layout.modelName()
              + " needs " + layout.rowWidth());
    }
    return layout.rowWidth();
  }

  private static int rows(ModelLayout layout, Dataset data) {
    return layout.hasInputs() ? data.rows() : 1;
  }

  /**
   * Rows {@code [0, arranged)} of the working copy may differ from the pristine one; every {@code
   * arrange} restores the original order beyond its own length, whatever the previous call did.
   */
  static int arrange(int[] order, int arranged, int rows, RowCopier copier) {
    if (order.length > rows) {
      throw new IllegalArgumentException(order.length + " positions for " + rows + " rows");
    }
    for (int position = 0; position < order.length; position++) {
      int row = order[position];
      if (row < 0 || row >= rows) {
        throw new IllegalArgumentException("no row " + row + " among " + rows);
      }
      copier.copy(row, position);
    }
    for (int position = order.length; position < arranged; position++) {
      copier.copy(position, position);
    }
    return order.length;
  }

  /** Copies pristine row {@code row} to working position {@code position}. */
  interface RowCopier {
    void copy(int row, int position);
  }
}
