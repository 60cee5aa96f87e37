package io.gradgen.ir;

import java.util.Arrays;

/**
 * The elements of a {@link Op#CONSTANT}, row-major. Compared by value so that equal constants are one
 * node after common-subexpression elimination.
 */
public final class Values {
  private final double[] elements;

  public Values(double... elements) {
    this.elements = elements.clone();
  }

  public int size() {
    return elements.length;
  }

  public double get(int index) {
    return elements[index];
  }

  public double[] toArray() {
    return elements.clone();
  }

  /** True when every element is {@code value} (for {@code 0.0}, {@code -0.0} too). */
  public boolean allEqual(double value) {
    for (double element : elements) {
      if (element != value) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Values that && Arrays.equals(elements, that.elements);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(elements);
  }

  @Override
  public String toString() {
    if (elements.length == 1) {
      return Double.toString(elements[0]);
    }
    return Arrays.toString(elements);
  }
}
