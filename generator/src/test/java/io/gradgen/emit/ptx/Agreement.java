package io.gradgen.emit.ptx;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Relative agreement of two results, the PTX backend's test of "the same numbers": {@code |a − b| ≤
 * tolerance · max(|a|, |b|, floor)}, where the floor is a thousandth of the vector's largest
 * magnitude (an element that is a sum of terms cancelling to almost nothing carries the rounding
 * of the terms, not of itself), and both NaN or equal infinities agree.
 */
final class Agreement {
  private Agreement() {}

  static void check(String what, double expected, double actual, double tolerance) {
    check(what, new double[] {expected}, new double[] {actual}, tolerance);
  }

  static void check(String what, double[] expected, double[] actual, double tolerance) {
    if (expected.length != actual.length) {
      fail(what + ": " + expected.length + " values expected, " + actual.length + " found");
    }
    double largest = 0;
    for (double value : expected) {
      if (Double.isFinite(value)) {
        largest = Math.max(largest, Math.abs(value));
      }
    }
    double floor = largest * 1e-3;
    for (int i = 0; i < expected.length; i++) {
      double a = expected[i];
      double b = actual[i];
      if (Double.isNaN(a) && Double.isNaN(b) || a == b) {
        continue;
      }
      double scale = Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
      if (!(Math.abs(a - b) <= tolerance * scale)) {
        fail(what + ": element " + i + " expected " + a + ", PTX gave " + b + " (relative "
            + Math.abs(a - b) / Math.max(Math.abs(a), Double.MIN_NORMAL) + ", tolerance " + tolerance + ")");
      }
    }
  }
}
