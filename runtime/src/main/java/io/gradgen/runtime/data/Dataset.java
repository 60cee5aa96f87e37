package io.gradgen.runtime.data;

/**
 * Rows of numbers, row-major, {@code width} values per row, in the order of a model's
 * {@link io.gradgen.runtime.ModelLayout#data()} slots. Held in double whatever the precision; an
 * objective converts once.
 *
 * <p>{@code source} names where the rows came from, for error messages.
 */
public record Dataset(String source, int rows, int width, double[] values) {
  public Dataset {
    if (rows < 0 || width < 0 || (long) rows * width != values.length) {
      throw new IllegalArgumentException(
          "dataset of " + rows + " × " + width + " cannot hold " + values.length + " values");
    }
  }

  /** The single empty row of a model without inputs. */
  public static Dataset none() {
    return new Dataset("(no data)", 1, 0, new double[0]);
  }

  public double get(int row, int column) {
    return values[row * width + column];
  }
}
