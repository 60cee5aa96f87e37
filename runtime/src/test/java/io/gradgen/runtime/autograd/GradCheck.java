package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.Function;

/**
 * The numerical oracle of the autograd tests: compares every gradient the tape computes with a
 * central finite difference in double precision.
 *
 * <p>The function under test may return a tensor of any shape, batched or not; it is turned into a
 * scalar as {@code Σ weights · f} with fixed random weights, so each output element gets a different
 * upstream gradient and a rule that mixes up elements, samples or operands cannot pass by symmetry.
 *
 * <pre>{@code
 * Tensor x = GradCheck.batch(rng, 4, new int[] {3}, 0.1, 2);
 * GradCheck.check(tape -> tape.log(x), x);
 * }</pre>
 */
final class GradCheck {
  /** The finite-difference step. */
  static final double H = 1e-6;
  /** The largest relative error allowed between analytic and numerical gradients. */
  static final double TOLERANCE = 1e-6;
  /**
   * Gradients below this size are compared absolutely (as if they were this size): the rounding
   * noise of a central difference, about 1e-16·|f|/h, is then what limits the comparison.
   */
  static final double FLOOR = 1e-2;

  private GradCheck() {}

  /** An unbatched leaf of uniform random values in {@code [lo, hi)}, requiring a gradient. */
  static Tensor param(Random rng, int[] shape, double lo, double hi) {
    return Tensor.parameter(shape, uniform(rng, sizeOf(shape), lo, hi));
  }

  /** A batched leaf of {@code samples} samples, uniform in {@code [lo, hi)}, requiring a gradient. */
  static Tensor batch(Random rng, int samples, int[] shape, double lo, double hi) {
    return Tensor.batch(shape, samples, uniform(rng, samples * sizeOf(shape), lo, hi))
        .requiresGrad(true);
  }

  static double[] uniform(Random rng, int count, double lo, double hi) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = lo + (hi - lo) * rng.nextDouble();
    }
    return values;
  }

  private static int sizeOf(int[] shape) {
    int size = 1;
    for (int dimension : shape) {
      size *= dimension;
    }
    return size;
  }

  /**
   * Checks d(Σ w·f)/d leaf for every element of every leaf against a central difference; fails
   * naming the leaf, the element, both values and the relative error.
   */
  static void check(Function<Tape, Tensor> f, Tensor... leaves) {
    Tensor probe = f.apply(Tape.noGrad());
    double[] weights = uniform(new Random(7), probe.data.length, 0.5, 1.5);
    for (Tensor leaf : leaves) {
      leaf.requiresGrad = true;
      leaf.grad = null;
    }
    Tape tape = new Tape();
    tape.backward(weighted(tape, f.apply(tape), weights));
    for (int l = 0; l < leaves.length; l++) {
      Tensor leaf = leaves[l];
      if (leaf.grad == null) {
        fail("leaf " + l + " (" + leaf.describe() + ") got no gradient");
      }
      for (int j = 0; j < leaf.data.length; j++) {
        double saved = leaf.data[j];
        leaf.data[j] = saved + H;
        double plus = value(f, weights);
        leaf.data[j] = saved - H;
        double minus = value(f, weights);
        leaf.data[j] = saved;
        double numerical = (plus - minus) / (2 * H);
        double analytic = leaf.grad[j];
        double error = relativeError(analytic, numerical);
        if (!(error < TOLERANCE)) {
          fail("leaf " + l + " (" + leaf.describe() + ") element " + j + " at " + saved
              + ": analytic " + analytic + ", numerical " + numerical + ", relative error " + error);
        }
      }
    }
  }

  static double relativeError(double analytic, double numerical) {
    return Math.abs(analytic - numerical)
        / Math.max(FLOOR, Math.max(Math.abs(analytic), Math.abs(numerical)));
  }

  /** Σ w·f, evaluated without recording. */
  private static double value(Function<Tape, Tensor> f, double[] weights) {
    Tape tape = Tape.noGrad();
    return weighted(tape, f.apply(tape), weights).item();
  }

  /** Σ w·out as a scalar on the tape, whatever out's shape and batching. */
  private static Tensor weighted(Tape tape, Tensor out, double[] weights) {
    Tensor w = out.batched
        ? Tensor.batch(out.shape, out.samples, weights)
        : Tensor.constant(out.shape, weights);
    Tensor total = tape.sum(tape.mul(out, w));
    return out.batched ? tape.sumBatch(total) : total;
  }
}
