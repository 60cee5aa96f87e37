package io.gradgen.spark;

import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.io.Serializable;

/**
 * One partition's rows, positions {@code [first, first + rows)}, in the flat layout the kernel
 * reads: made once by the executor that reads or receives them and kept in Spark's cache, so a
 * step computes over them where they are. A part that could not be read holds the one-line error
 * instead (reported by the driver for the first such part in file order, as the local reader would).
 */
final class Part implements Serializable {
  private static final long serialVersionUID = 1L;

  final int first;
  final int rows;
  final int width;
  final double[] doubles; // one of these two, as the run's precision says
  final float[] floats;
  final String source;
  final String error;

  private Part(int first, int rows, int width, double[] doubles, float[] floats, String source, String error) {
    this.first = first;
    this.rows = rows;
    this.width = width;
    this.doubles = doubles;
    this.floats = floats;
    this.source = source;
    this.error = error;
  }

  static Part of(int first, Dataset data) {
    return data.precision() == Precision.F32
        ? new Part(first, data.rows(), data.width(), null, data.floats(), data.source(), null)
        : new Part(first, data.rows(), data.width(), data.values(), null, data.source(), null);
  }

  static Part of(int first, int rows, int width, double[] doubles, float[] floats, String source) {
    return new Part(first, rows, width, doubles, floats, source, null);
  }

  static Part failed(int first, String error) {
    return new Part(first, 0, 0, new double[0], null, "", error);
  }

  Dataset dataset() {
    return floats != null ? Dataset.ofFloats(source, rows, width, floats) : new Dataset(source, rows, width, doubles);
  }

  /** Rows {@code [from, to)} of this part as a flat array of its precision. */
  Object slice(int from, int to) {
    if (floats != null) {
      return java.util.Arrays.copyOfRange(floats, from * width, to * width);
    }
    return java.util.Arrays.copyOfRange(doubles, from * width, to * width);
  }
}
