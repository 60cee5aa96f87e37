package io.gradgen.runtime.data;

import io.gradgen.runtime.Precision;
import java.util.Arrays;

/**
 * Rows of numbers, row-major, {@code width} values per row, in the order of a model's
 * {@link io.gradgen.runtime.ModelLayout#data()} slots, held once in the precision they were read
 * for: {@code double} for an f64 run, {@code float} for an f32 one, so that the kernel reads the
 * loaded array itself and a data set never sits in memory twice. Asking for the other precision
 * converts (and allocates); {@link #values()} of an f32 data set is the floats widened, {@link
 * #floats()} of an f64 one the doubles rounded, as an f32 objective has always rounded them.
 *
 * <p>{@code source} names where the rows came from, for error messages.
 *
 * <pre>
 * new Dataset("d.csv", 2, 3, new double[] {1, 2, 3, 4, 5, 6}).get(1, 0)   → 4.0
 * Dataset.ofFloats("d.npy", 2, 3, floats).floats() == floats              → true, no copy
 * </pre>
 */
public final class Dataset {
  private final String source;
  private final int rows;
  private final int width;
  private final double[] doubles;
  private final float[] floats;

  public Dataset(String source, int rows, int width, double[] values) {
    this(source, rows, width, values, null);
  }

  /** A data set read for an f32 run, held as floats. */
  public static Dataset ofFloats(String source, int rows, int width, float[] values) {
    return new Dataset(source, rows, width, null, values);
  }

  private Dataset(String source, int rows, int width, double[] doubles, float[] floats) {
    int length = doubles != null ? doubles.length : floats.length;
    if (rows < 0 || width < 0 || (long) rows * width != length) {
      throw new IllegalArgumentException("dataset of " + rows + " × " + width + " cannot hold " + length + " values");
    }
    this.source = source;
    this.rows = rows;
    this.width = width;
    this.doubles = doubles;
    this.floats = floats;
  }

  /** The single empty row of a model without inputs. */
  public static Dataset none() {
    return new Dataset("(no data)", 1, 0, new double[0]);
  }

  public String source() {
    return source;
  }

  public int rows() {
    return rows;
  }

  public int width() {
    return width;
  }

  /** The precision the values are held in. */
  public Precision precision() {
    return floats != null ? Precision.F32 : Precision.F64;
  }

  /** The values as doubles: the array itself for an f64 data set, else a widened copy. */
  public double[] values() {
    if (doubles != null) {
      return doubles;
    }
    double[] widened = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      widened[i] = floats[i];
    }
    return widened;
  }

  /** The values as floats: the array itself for an f32 data set, else a rounded copy. */
  public float[] floats() {
    if (floats != null) {
      return floats;
    }
    float[] rounded = new float[doubles.length];
    for (int i = 0; i < doubles.length; i++) {
      rounded[i] = (float) doubles[i];
    }
    return rounded;
  }

  /** These rows widened to {@code width} values, the new trailing ones NaN (targets a file lacks). */
  public Dataset widened(int width) {
    if (width < this.width) {
      throw new IllegalArgumentException("cannot widen " + this.width + " values to " + width);
    }
    if (floats != null) {
      float[] wide = new float[rows * width];
      Arrays.fill(wide, Float.NaN);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(floats, r * this.width, wide, r * width, this.width);
      }
      return ofFloats(source, rows, width, wide);
    }
    double[] wide = new double[rows * width];
    Arrays.fill(wide, Double.NaN);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(doubles, r * this.width, wide, r * width, this.width);
    }
    return new Dataset(source, rows, width, wide);
  }

  public double get(int row, int column) {
    int index = row * width + column;
    return doubles != null ? doubles[index] : floats[index];
  }

  @Override
  public String toString() {
    return source + " (" + rows + " × " + width + ", " + precision().name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
