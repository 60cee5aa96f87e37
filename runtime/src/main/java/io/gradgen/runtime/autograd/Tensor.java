package io.gradgen.runtime.autograd;

import java.util.Arrays;

/**
 * A dense double-precision tensor of rank 0, 1 or 2, optionally batched: the value of one
 * expression for every sample of a batch at once, as in PyTorch's eager mode.
 *
 * <p>The <em>shape</em> is per sample: {@code []} (a scalar), {@code [n]} or {@code [m, n]},
 * row-major. A <em>batched</em> tensor holds {@link #batchSize()} samples, stored sample-major in one
 * {@code double[]} of {@code batchSize * size} values; an <em>unbatched</em> tensor (a parameter, a
 * constant) holds one copy that every sample shares. Ops broadcast an unbatched operand over the
 * batch, and the backward pass sums its gradient over the batch.
 *
 * <pre>{@code
 * Tensor w = Tensor.parameter(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);     // requires grad
 * Tensor x = Tensor.fromRows(data, 5, 0, new int[] {3}, 0, 32);        // 32 samples of x[3]
 * Tensor y = Tensor.fromRows(data, 5, 3, new int[] {2}, 0, 32);        // their targets y[2]
 * Tape tape = new Tape();
 * Tensor loss = tape.meanBatch(tape.mse(tape.matmul(w, x), y));        // one unbatched scalar
 * tape.backward(loss);
 * double[] dw = w.grad();                                              // d loss / d w, 6 values
 * }</pre>
 *
 * <p>{@link #data()} and {@link #grad()} are the live arrays, so an optimizer can update a
 * parameter in place; {@link #zeroGrad()} clears the gradient between steps, since backward passes
 * accumulate into it.
 */
public final class Tensor {
  private static final int[] SCALAR = {};

  final int[] shape;
  final int size;
  final boolean batched;
  /** How many copies {@link #data} holds: the batch size, or 1 when unbatched. */
  final int samples;

  final double[] data;
  double[] grad;
  boolean requiresGrad;

  Tensor(int[] shape, boolean batched, int samples, double[] data) {
    if (shape.length > 2) {
      throw new IllegalArgumentException("rank " + shape.length + " is not supported: " + format(shape));
    }
    if (samples < 1 || (!batched && samples != 1)) {
      throw new IllegalArgumentException("a batch needs at least one sample, got " + samples);
    }
    int size = 1;
    for (int dimension : shape) {
      if (dimension < 1) {
        throw new IllegalArgumentException("sizes must be positive: " + format(shape));
      }
      size *= dimension;
    }
    if (data.length != size * samples) {
      throw new IllegalArgumentException(
          "shape " + format(shape) + (batched ? " times " + samples + " samples" : "")
              + " needs " + size * samples + " values, got " + data.length);
    }
    this.shape = shape;
    this.size = size;
    this.batched = batched;
    this.samples = samples;
    this.data = data;
  }

  /** A fresh zero tensor of {@code shape} per sample: a batch of {@code samples}, or one copy. */
  static Tensor zeros(int[] shape, boolean batched, int samples) {
    int size = 1;
    for (int dimension : shape) {
      size *= dimension;
    }
    return new Tensor(shape, batched, samples, new double[size * samples]);
  }

  /** An unbatched constant scalar. */
  public static Tensor scalar(double value) {
    return new Tensor(SCALAR, false, 1, new double[] {value});
  }

  /** An unbatched constant; {@code values} are row-major and copied. */
  public static Tensor constant(int[] shape, double... values) {
    return new Tensor(shape.clone(), false, 1, values.clone());
  }

  /** An unbatched leaf whose gradient the backward pass computes; {@code values} are copied. */
  public static Tensor parameter(int[] shape, double... values) {
    Tensor tensor = constant(shape, values);
    tensor.requiresGrad = true;
    return tensor;
  }

  /** A batch of {@code batchSize} samples of {@code shape}, sample-major; {@code values} are copied. */
  public static Tensor batch(int[] shape, int batchSize, double... values) {
    return new Tensor(shape.clone(), true, batchSize, values.clone());
  }

  /**
   * A batch made of rows {@code [from, to)} of a row-major data array whose rows are {@code width}
   * values wide: each sample is the {@code size(shape)} values starting at column {@code offset}.
   */
  public static Tensor fromRows(double[] data, int width, int offset, int[] shape, int from, int to) {
    Tensor tensor = zeros(shape.clone(), true, to - from);
    if (offset < 0 || offset + tensor.size > width || from < 0 || (long) to * width > data.length) {
      throw new IllegalArgumentException(
          "columns [" + offset + ", " + (offset + tensor.size) + ") of rows [" + from + ", " + to
              + ") do not fit " + data.length + " values in rows of " + width);
    }
    for (int row = from, at = 0; row < to; row++, at += tensor.size) {
      System.arraycopy(data, row * width + offset, tensor.data, at, tensor.size);
    }
    return tensor;
  }

  /** Marks this tensor as a leaf whose gradient the backward pass computes; returns it. */
  public Tensor requiresGrad(boolean requiresGrad) {
    this.requiresGrad = requiresGrad;
    return this;
  }

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /** The per-sample shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** Elements per sample. */
  public int size() {
    return size;
  }

  public boolean isBatched() {
    return batched;
  }

  /** The number of samples of a batched tensor, 1 for an unbatched one. */
  public int batchSize() {
    return samples;
  }

  /** The live storage: {@code batchSize() * size()} values, sample-major, each sample row-major. */
  public double[] data() {
    return data;
  }

  /** The live gradient, laid out as {@link #data()}, or null before any backward pass reached it. */
  public double[] grad() {
    return grad;
  }

  /** The value of an unbatched scalar, such as a loss after {@code sumBatch}. */
  public double item() {
    if (batched || size != 1) {
      throw new IllegalStateException("item() needs an unbatched scalar, not " + describe());
    }
    return data[0];
  }

  /** Sets the gradient to zero (if there is one), as {@code optimizer.zero_grad(set_to_none=False)}. */
  public void zeroGrad() {
    if (grad != null) {
      Arrays.fill(grad, 0);
    }
  }

  /** The gradient array, allocated (zero) on first use: backward rules add into it. */
  double[] gradBuffer() {
    if (grad == null) {
      grad = new double[data.length];
    }
    return grad;
  }

  /** The stride between samples: {@code size} when batched, 0 so every sample reads the one copy. */
  int sampleStride() {
    return batched ? size : 0;
  }

  /** {@code [2, 3]} or {@code batch 32 of [2, 3]}, for messages. */
  String describe() {
    return batched ? "batch " + samples + " of " + format(shape) : format(shape);
  }

  static String format(int[] shape) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) {
      text.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return text.append(']').toString();
  }

  @Override
  public String toString() {
    return "Tensor(" + describe() + (requiresGrad ? ", requiresGrad" : "") + ")";
  }
}
