package io.gradgen.runtime.autograd;

/**
 * How the two operands of an op line up sample by sample, as strides into their storage, so one
 * loop nest serves every combination of batched and unbatched operands without copying either.
 *
 * <p>Sample {@code s} of operand {@code a} starts at {@code s * aStride}: {@code aStride} is its
 * per-sample size when it is batched and 0 when it is not, so every sample reads the one shared
 * copy. For elementwise ops, element {@code i} of a sample is at {@code i * aStep}: {@code aStep} is
 * 1, or 0 when {@code a} is a scalar broadcast against a tensor. For example {@code w[3] * x} with
 * {@code x} a batch of 4 scalars gives {@code samples = 4, size = 3, aStride = 0, aStep = 1,
 * bStride = 1, bStep = 0}.
 *
 * <p>The backward pass uses the same strides with {@code +=}, so an operand that was read by many
 * samples or many elements gets the sum of their gradients: the un-broadcast is the accumulation.
 */
final class Broadcast {
  final boolean batched;
  final int samples;
  final int aStride;
  final int bStride;
  /** The per-sample output shape and size; only meaningful for {@link #elementwise}. */
  final int[] shape;

  final int size;
  final int aStep;
  final int bStep;

  private Broadcast(Tensor a, Tensor b, int[] shape, int aStep, int bStep) {
    this.batched = a.batched || b.batched;
    this.samples = Math.max(a.samples, b.samples);
    this.aStride = a.sampleStride();
    this.bStride = b.sampleStride();
    this.shape = shape;
    int size = 1;
    for (int dimension : shape) {
      size *= dimension;
    }
    this.size = size;
    this.aStep = aStep;
    this.bStep = bStep;
  }

  /** The batch pairing of two operands of any shapes; their batch sizes must agree if both have one. */
  static Broadcast samples(String op, Tensor a, Tensor b) {
    checkBatches(op, a, b);
    return new Broadcast(a, b, a.shape, 1, 1);
  }

  /** Equal shapes, or one side a scalar broadcast against the other. */
  static Broadcast elementwise(String op, Tensor a, Tensor b) {
    checkBatches(op, a, b);
    if (java.util.Arrays.equals(a.shape, b.shape)) {
      return new Broadcast(a, b, a.shape, 1, 1);
    }
    if (a.size == 1 && a.shape.length == 0) {
      return new Broadcast(a, b, b.shape, 0, 1);
    }
    if (b.size == 1 && b.shape.length == 0) {
      return new Broadcast(a, b, a.shape, 1, 0);
    }
    throw new IllegalArgumentException(
        "cannot " + op + " " + Tensor.format(a.shape) + " and " + Tensor.format(b.shape));
  }

  private static void checkBatches(String op, Tensor a, Tensor b) {
    if (a.batched && b.batched && a.samples != b.samples) {
      throw new IllegalArgumentException(
          "cannot " + op + " a batch of " + a.samples + " and a batch of " + b.samples);
    }
  }

  /** A zero output of {@code shape} per sample, batched if either operand is. */
  Tensor output(int[] shape) {
    return Tensor.zeros(shape, batched, samples);
  }

  /** The elementwise output. */
  Tensor output() {
    return output(shape);
  }

  /** Adds {@code scale * g} (laid out as the elementwise output) into the gradient of {@code a}. */
  void accumulateA(Tensor a, double[] g, double scale) {
    accumulate(a.gradBuffer(), aStride, aStep, g, scale);
  }

  /** As {@link #accumulateA}, for {@code b}. */
  void accumulateB(Tensor b, double[] g, double scale) {
    accumulate(b.gradBuffer(), bStride, bStep, g, scale);
  }

  private void accumulate(double[] target, int stride, int step, double[] g, double scale) {
    for (int s = 0; s < samples; s++) {
      int t = s * stride;
      int o = s * size;
      for (int i = 0; i < size; i++) {
        target[t + i * step] += scale * g[o + i];
      }
    }
  }
}
