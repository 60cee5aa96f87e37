package io.gradgen.runtime;

import java.util.Random;

/**
 * The starting values of every parameter, in the flat layout of {@link ModelLayout#params()}, from
 * each parameter's {@link Init}:
 *
 * <ul>
 *   <li>{@code zeros}, a number, an array literal: those values, row-major.
 *   <li>{@code randn(seed = S, std = σ)}: {@code new java.util.Random(S)}, then {@code
 *       nextGaussian() * σ} for each element, row-major.
 *   <li>{@code uniform(lo, hi, seed = S)}: {@code new java.util.Random(S)}, then {@code lo + (hi -
 *       lo) * nextDouble()} for each element, row-major.
 * </ul>
 *
 * <p>A parameter with its own seed gets its own generator, so its values do not depend on the rest
 * of the model. Parameters without a seed share one generator, {@code new Random(runSeed)}, drawn
 * in declaration order: as after {@code torch.manual_seed(runSeed)}, two unseeded parameters get
 * different values rather than the same sequence twice.
 *
 * <pre>
 * param w[2] = randn(seed = 42)      // new Random(42).nextGaussian() twice: 1.1419053154730547, 0.9194079489827879
 * param b    = 0.5                   // 0.5
 * ParameterInit.initialize(layout, 0) → [1.1419053154730547, 0.9194079489827879, 0.5]
 * </pre>
 */
public final class ParameterInit {
  private ParameterInit() {}

  public static double[] initialize(ModelLayout layout, long runSeed) {
    double[] values = new double[layout.parameterCount()];
    Random shared = new Random(runSeed);
    for (ParamSlot slot : layout.params()) {
      fill(slot, values, shared);
    }
    return values;
  }

  private static void fill(ParamSlot slot, double[] values, Random shared) {
    int from = slot.offset();
    int to = from + slot.size();
    Init init = slot.init();
    if (init == null || init instanceof Init.Zeros) {
      return;
    }
    if (init instanceof Init.Fill fill) {
      java.util.Arrays.fill(values, from, to, fill.value());
    } else if (init instanceof Init.Values literal) {
      if (literal.values().size() != slot.size()) {
        throw new IllegalArgumentException(
            "param " + slot.name() + Shapes.format(slot.shape()) + " has " + slot.size()
                + " elements but its initial value has " + literal.values().size());
      }
      for (int i = from; i < to; i++) {
        values[i] = literal.values().get(i - from);
      }
    } else if (init instanceof Init.Randn randn) {
      Random random = randn.seed() == null ? shared : new Random(randn.seed());
      for (int i = from; i < to; i++) {
        values[i] = random.nextGaussian() * randn.std();
      }
    } else if (init instanceof Init.Uniform uniform) {
      Random random = uniform.seed() == null ? shared : new Random(uniform.seed());
      for (int i = from; i < to; i++) {
        values[i] = uniform.lo() + (uniform.hi() - uniform.lo()) * random.nextDouble();
      }
    } else {
      throw new IllegalArgumentException("unknown initialiser " + init);
    }
  }
}
