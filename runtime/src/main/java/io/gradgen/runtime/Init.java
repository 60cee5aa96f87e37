package io.gradgen.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * How a parameter starts. Written in the generated kernel's layout so that a trainer generated at
 * build time initialises exactly as the CLI does.
 */
public sealed interface Init {

  /** Every element 0. */
  record Zeros() implements Init {}

  /** Every element {@code value}. */
  record Fill(double value) implements Init {}

  /** The elements of an array literal, row-major. */
  record Values(List<Double> values) implements Init {
    public Values {
      values = List.copyOf(values);
    }

    public static Values of(double... values) {
      return new Values(Arrays.stream(values).boxed().toList());
    }
  }

  /**
   * Normal with mean 0 and standard deviation {@code std}; {@code seed} null means "the run's seed"
   * ({@code --seed}, else 0).
   */
  record Randn(Long seed, double std) implements Init {}

  /** Uniform on [lo, hi); {@code seed} null means the run's seed. */
  record Uniform(double lo, double hi, Long seed) implements Init {}
}
