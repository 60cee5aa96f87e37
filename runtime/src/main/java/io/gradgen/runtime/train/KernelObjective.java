package io.gradgen.runtime.train;

import io.gradgen.runtime.ClassIndexException;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Binds a generated kernel to its data as an {@link Objective}. The rows are held once, in the
 * kernel's precision: the {@link Dataset}'s own array, read in place (do not change it while the
 * objective is in use), where it was read in that precision ({@link DataLoader} reads for the
 * layout's), else one converted copy. A second, working copy exists
 * only once {@link Objective#arrange} has reordered rows (shuffling); it is filled by copying rows
 * from the first, and an empty {@code arrange} goes back to the first without copying anything.
 * The parameters live in one array shared by every {@link Objective#copyForThread()} copy, each of
 * which has its own {@code kernel.copy()} for scratch space.
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
    double[] pristine = kernel.layout().hasInputs() ? data.values() : new double[0];
    return new DoubleObjective(
        kernel, new DoubleObjective.Shared(pristine, width, rows, kernel.layout().parameterCount(), data.source()));
  }

  public static Objective of(FloatKernel kernel, Dataset data) {
    int width = checkWidth(kernel.layout(), data);
    int rows = rows(kernel.layout(), data);
    float[] pristine = kernel.layout().hasInputs() ? data.floats() : new float[0];
    return new FloatObjective(
        kernel, new FloatObjective.Shared(pristine, width, rows, kernel.layout().parameterCount(), data.source()));
  }

  /**
   * {@code scalar} bound to {@code data}, handing over to {@code simd} (the same model's SIMD
   * kernel, made when the first training step asks for it) once the JIT has compiled it: see
   * {@link TieredObjective}.
   */
  public static Objective tiered(DoubleKernel scalar, Supplier<? extends DoubleKernel> simd, Dataset data) {
    return TieredObjective.of(of(scalar, data), simd);
  }

  /** The f32 twin of {@link #tiered(DoubleKernel, Supplier, Dataset)}. */
  public static Objective tiered(FloatKernel scalar, Supplier<? extends FloatKernel> simd, Dataset data) {
    return TieredObjective.of(of(scalar, data), simd);
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
   * A bad class index at the first data row that has it, found by {@code lossOfRow} row by row in
   * the file's order (a kernel does not say which row of a batch it was in); {@code e} itself for a
   * model without data. Only on the error path: nothing here runs while training goes well.
   */
  static RuntimeException located(ClassIndexException e, ModelLayout layout, int rows, String source,
      IntConsumer lossOfRow) {
    if (!layout.hasInputs()) {
      return e;
    }
    for (int row = 0; row < rows; row++) {
      try {
        lossOfRow.accept(row);
      } catch (ClassIndexException found) {
        return found.inRow(source, row);
      }
    }
    return e;
  }

  /** Checks that {@code order} names rows that exist, no more positions than rows. */
  static void checkOrder(int[] order, int rows) {
    if (order.length > rows) {
      throw new IllegalArgumentException(order.length + " positions for " + rows + " rows");
    }
    for (int row : order) {
      if (row < 0 || row >= rows) {
        throw new IllegalArgumentException("no row " + row + " among " + rows);
      }
    }
  }
}
