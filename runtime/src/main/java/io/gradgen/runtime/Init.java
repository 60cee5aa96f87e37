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

  /**
   * {@code torch.nn.init.kaiming_uniform_(w, a = √5)}, {@code nn.Linear}'s weight default: uniform
   * on [−bound, bound) with {@code gain = √(2 / (1 + a²))}, {@code std = gain / √fan_in} and {@code
   * bound = √3 · std}, each step rounded as torch's Python computes it. The draws are gradgen's own
   * ({@link ParameterInit}), so only the distribution is torch's.
   *
   * @throws IllegalArgumentException for fewer than 2 dimensions, as torch refuses them
   */
  static Uniform kaimingUniform(List<Integer> shape, Long seed) {
    double slope = Math.sqrt(5.0);
    double gain = Math.sqrt(2.0 / (1 + slope * slope));
    double std = gain / Math.sqrt(fans(shape)[0]);
    double bound = Math.sqrt(3.0) * std;
    return new Uniform(-bound, bound, seed);
  }

  /** {@code xavier_uniform_(w, gain)}: uniform on [−a, a) with {@code a = √3 · gain · √(2 / (fan_in + fan_out))}. */
  static Uniform xavierUniform(List<Integer> shape, double gain, Long seed) {
    double a = Math.sqrt(3.0) * xavierStd(shape, gain);
    return new Uniform(-a, a, seed);
  }

  /** {@code xavier_normal_(w, gain)}: normal with {@code std = gain · √(2 / (fan_in + fan_out))}. */
  static Randn xavierNormal(List<Integer> shape, double gain, Long seed) {
    return new Randn(seed, xavierStd(shape, gain));
  }

  private static double xavierStd(List<Integer> shape, double gain) {
    int[] fans = fans(shape);
    return gain * Math.sqrt(2.0 / (double) (fans[0] + fans[1]));
  }

  /**
   * {@code torch.nn.init._calculate_fan_in_and_fan_out}: {@code {fan_in, fan_out}} = {@code
   * {size(1) · receptive, size(0) · receptive}}, the receptive field the product of the dimensions
   * after the second ({@code [16, 4]} → {@code {4, 16}}).
   *
   * @throws IllegalArgumentException for fewer than 2 dimensions
   */
  static int[] fans(List<Integer> shape) {
    if (shape.size() < 2) {
      throw new IllegalArgumentException(
          "fan-in and fan-out cannot be computed for a tensor of fewer than 2 dimensions");
    }
    int receptive = 1;
    for (int dimension : shape.subList(2, shape.size())) {
      receptive *= dimension;
    }
    return new int[] {shape.get(1) * receptive, shape.get(0) * receptive};
  }
}
