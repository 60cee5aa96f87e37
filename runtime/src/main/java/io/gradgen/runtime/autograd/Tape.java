package io.gradgen.runtime.autograd;

import java.util.ArrayList;
import java.util.List;

/**
 * The recorder of an eager, tape-based reverse-mode autograd, and the entry point of every op.
 *
 * <p>Each op runs at once over the whole batch and, when any input requires a gradient, appends a
 * node to the tape: its name, its output, its inputs, and a closure holding its backward rule and
 * whatever it saved. {@link #backward} seeds the loss's gradient with 1 and runs the closures in
 * reverse order; each adds ({@code +=}) into its inputs' {@code grad} arrays, so a tensor used twice
 * gets the sum of both contributions. The tape is then empty, as PyTorch frees its graph.
 *
 * <pre>{@code
 * Tensor a = Tensor.parameter(new int[] {}, 5);
 * Tensor b = Tensor.parameter(new int[] {}, 6);
 * Tape tape = new Tape();
 * Tensor three = Tensor.scalar(3), two = Tensor.scalar(2);
 * Tensor loss = tape.sub(tape.pow(a, three), tape.pow(b, two));   // a³ − b² = 89
 * tape.backward(loss);                                             // a.grad() = {75}, b.grad() = {-12}
 * }</pre>
 *
 * <p>Between training steps call {@link Tensor#zeroGrad()} on the parameters; for a loss without
 * gradients use a tape from {@link #noGrad()} (or {@link #setRecording(boolean) setRecording(false)}),
 * which runs the same ops and records nothing. A tape is not thread-safe; use one per thread.
 */
public final class Tape {
  /** A backward rule: reads the output's {@code grad} and adds into the inputs' gradients. */
  @FunctionalInterface
  interface Backward {
    void run();
  }

  /** One recorded op. */
  record Node(String op, Tensor output, Tensor[] inputs, Backward backward) {}

  private final List<Node> nodes = new ArrayList<>();
  private boolean recording = true;

  /** A tape that records every op whose inputs require gradients. */
  public Tape() {}

  /** A tape that records nothing, for evaluating a loss without gradients ({@code torch.no_grad}). */
  public static Tape noGrad() {
    Tape tape = new Tape();
    tape.recording = false;
    return tape;
  }

  public boolean isRecording() {
    return recording;
  }

  /** Turns recording on or off for the ops that follow; ops already recorded stay. */
  public void setRecording(boolean recording) {
    this.recording = recording;
  }

  /** The number of recorded ops. */
  public int size() {
    return nodes.size();
  }

  /** The names of the recorded ops, in order, for debugging. */
  public List<String> ops() {
    List<String> names = new ArrayList<>(nodes.size());
    for (Node node : nodes) {
      names.add(node.op());
    }
    return names;
  }

  /** Forgets every recorded op, e.g. after a forward pass whose gradient is not needed. */
  public void reset() {
    nodes.clear();
  }

  /**
   * Adds d loss / d t into the {@code grad} of every tensor {@code t} that requires a gradient and
   * that {@code loss} depends on, then empties the tape. {@code loss} must be an unbatched scalar
   * (reduce a per-sample loss with {@link #meanBatch} or {@link #sumBatch} first). A loss that
   * depends on no such tensor leaves every gradient as it was.
   */
  public void backward(Tensor loss) {
    if (loss.batched || loss.shape.length != 0) {
      throw new IllegalArgumentException(
          "backward needs an unbatched scalar loss, not " + loss.describe()
              + "; reduce it with sum/mean and sumBatch/meanBatch first");
    }
    if (loss.requiresGrad) {
      loss.gradBuffer()[0] += 1;
      for (int i = nodes.size() - 1; i >= 0; i--) {
        Node node = nodes.get(i);
        // An op whose output got no gradient does not lie between the loss and a leaf.
        if (node.output().grad != null) {
          node.backward().run();
        }
      }
    }
    nodes.clear();
  }

  /**
   * Records {@code output} as made from {@code inputs} by {@code op}, if recording is on and some
   * input requires a gradient; the output then requires one too. Returns {@code output}.
   */
  Tensor record(String op, Tensor output, Backward backward, Tensor... inputs) {
    if (!recording) {
      return output;
    }
    for (Tensor input : inputs) {
      if (input.requiresGrad) {
        output.requiresGrad = true;
        nodes.add(new Node(op, output, inputs, backward));
        return output;
      }
    }
    return output;
  }

  // Elementwise binary ops: equal shapes, or one side a scalar; either side batched or not.

  /** {@code a + b}. */
  public Tensor add(Tensor a, Tensor b) {
    return Binary.add(this, a, b);
  }

  /** {@code a - b}. */
  public Tensor sub(Tensor a, Tensor b) {
    return Binary.sub(this, a, b);
  }

  /** {@code a * b}, elementwise. */
  public Tensor mul(Tensor a, Tensor b) {
    return Binary.mul(this, a, b);
  }

  /** {@code a / b}, elementwise. */
  public Tensor div(Tensor a, Tensor b) {
    return Binary.div(this, a, b);
  }

  /** {@code a ^ b} for any real exponent; d/db is taken as 0 where a = 0. */
  public Tensor pow(Tensor a, Tensor b) {
    return Binary.pow(this, a, b);
  }

  /** {@code max(a, b)}; on a tie each side gets half the gradient. */
  public Tensor max(Tensor a, Tensor b) {
    return Binary.max(this, a, b);
  }

  /** {@code min(a, b)}; on a tie each side gets half the gradient. */
  public Tensor min(Tensor a, Tensor b) {
    return Binary.min(this, a, b);
  }

  // Elementwise functions.

  public Tensor neg(Tensor x) {
    return Unary.neg(this, x);
  }

  public Tensor exp(Tensor x) {
    return Unary.exp(this, x);
  }

  public Tensor log(Tensor x) {
    return Unary.log(this, x);
  }

  public Tensor sqrt(Tensor x) {
    return Unary.sqrt(this, x);
  }

  /** {@code |x|}, with {@code abs'(0) = 0}. */
  public Tensor abs(Tensor x) {
    return Unary.abs(this, x);
  }

  public Tensor sin(Tensor x) {
    return Unary.sin(this, x);
  }

  public Tensor cos(Tensor x) {
    return Unary.cos(this, x);
  }

  public Tensor tan(Tensor x) {
    return Unary.tan(this, x);
  }

  public Tensor tanh(Tensor x) {
    return Unary.tanh(this, x);
  }

  public Tensor sigmoid(Tensor x) {
    return Unary.sigmoid(this, x);
  }

  /** {@code max(x, 0)}, with {@code relu'(0) = 0}. */
  public Tensor relu(Tensor x) {
    return Unary.relu(this, x);
  }

  /** PyTorch's {@code softplus(x)}: beta 1, threshold 20. */
  public Tensor softplus(Tensor x) {
    return Unary.softplus(this, x);
  }

  // PyTorch's wider vocabulary (see Special and Comparisons).

  public Tensor erf(Tensor x) {
    return Special.erf(this, x);
  }

  public Tensor log1p(Tensor x) {
    return Special.log1p(this, x);
  }

  public Tensor expm1(Tensor x) {
    return Special.expm1(this, x);
  }

  public Tensor asin(Tensor x) {
    return Special.asin(this, x);
  }

  public Tensor acos(Tensor x) {
    return Special.acos(this, x);
  }

  public Tensor atan(Tensor x) {
    return Special.atan(this, x);
  }

  public Tensor sinh(Tensor x) {
    return Special.sinh(this, x);
  }

  public Tensor cosh(Tensor x) {
    return Special.cosh(this, x);
  }

  /** {@code log x}, 0 at 0, with the derivative {@code 1/x}: {@code xlogy(p, p) = p·safeLog(p)}. */
  public Tensor safeLog(Tensor x) {
    return Special.safeLog(this, x);
  }

  /** 1 where {@code x > 0}, else 0; no gradient. */
  public Tensor step(Tensor x) {
    return Special.step(this, x);
  }

  /** 1 where {@code a < b}, else 0; no gradient. */
  public Tensor less(Tensor a, Tensor b) {
    return Comparisons.compare(a, b, (u, v) -> u < v);
  }

  /** 1 where {@code a <= b}, else 0; no gradient. */
  public Tensor lessOrEqual(Tensor a, Tensor b) {
    return Comparisons.compare(a, b, (u, v) -> u <= v);
  }

  /** 1 where {@code a == b}, else 0; no gradient. */
  public Tensor equal(Tensor a, Tensor b) {
    return Comparisons.compare(a, b, (u, v) -> u == v);
  }

  /** 1 where {@code a != b} (NaN included), else 0; no gradient. */
  public Tensor notEqual(Tensor a, Tensor b) {
    return Comparisons.compare(a, b, (u, v) -> u != v);
  }

  /** {@code max(a, b)} with {@code torch.clamp(a, min = b)}'s gradient. */
  public Tensor clampMin(Tensor a, Tensor b) {
    return Comparisons.clampMin(this, a, b);
  }

  /** {@code min(a, b)} with {@code torch.clamp(a, max = b)}'s gradient. */
  public Tensor clampMax(Tensor a, Tensor b) {
    return Comparisons.clampMax(this, a, b);
  }

  // Reductions over each sample (the batch is kept), and over the batch.

  public Tensor sum(Tensor x) {
    return Reductions.sum(this, x);
  }

  public Tensor mean(Tensor x) {
    return Reductions.mean(this, x);
  }

  /** The L2 norm; its gradient is 0 where the norm is 0. */
  public Tensor norm(Tensor x) {
    return Reductions.norm(this, x);
  }

  /** The sum of absolute values. */
  public Tensor norm1(Tensor x) {
    return Reductions.norm1(this, x);
  }

  /** The dot product of two vectors. */
  public Tensor dot(Tensor a, Tensor b) {
    return Reductions.dot(this, a, b);
  }

  /** A batched tensor summed over its samples: unbatched, same shape. */
  public Tensor sumBatch(Tensor x) {
    return Reductions.sumBatch(this, x);
  }

  /** A batched tensor averaged over its samples: unbatched, same shape. */
  public Tensor meanBatch(Tensor x) {
    return Reductions.meanBatch(this, x);
  }

  // Linear algebra and indexing.

  /** matrix·matrix, matrix·vector, vector·matrix or vector·vector. */
  public Tensor matmul(Tensor a, Tensor b) {
    return LinearAlgebra.matmul(this, a, b);
  }

  public Tensor transpose(Tensor x) {
    return LinearAlgebra.transpose(this, x);
  }

  /** {@code u ⊗ v}: the matrix of products of two vectors. */
  public Tensor outer(Tensor u, Tensor v) {
    return Shaping.outer(this, u, v);
  }

  /** Zeros of {@code shape} with {@code x}'s values at flat position {@code offset}: indexing's adjoint. */
  public Tensor place(Tensor x, int[] shape, int offset) {
    return Shaping.place(this, x, shape, offset);
  }

  /** The largest element ({@code torch.amax}); ties share the gradient evenly. */
  public Tensor amax(Tensor x) {
    return Shaping.extremum(this, x, true);
  }

  /** The smallest element ({@code torch.amin}); ties share the gradient evenly. */
  public Tensor amin(Tensor x) {
    return Shaping.extremum(this, x, false);
  }

  /** The row-major position of the largest element, the first of a tie ({@code torch.argmax}); no gradient. */
  public Tensor argmax(Tensor x) {
    return Shaping.argmax(x);
  }

  /** Element {@code i} of a vector, or row {@code i} of a matrix. */
  public Tensor index(Tensor x, int i) {
    return LinearAlgebra.index(this, x, i);
  }

  /** Element {@code [i, j]} of a matrix. */
  public Tensor index(Tensor x, int i, int j) {
    return LinearAlgebra.index(this, x, i, j);
  }

  // Losses: one scalar per sample, the mean over that sample's elements.

  /** mean((a − b)²), PyTorch's MSELoss. */
  public Tensor mse(Tensor prediction, Tensor target) {
    return Losses.mse(this, prediction, target);
  }

  /** mean(|a − b|), PyTorch's L1Loss. */
  public Tensor mae(Tensor prediction, Tensor target) {
    return Losses.mae(this, prediction, target);
  }

  /** PyTorch's HuberLoss with the given {@code delta}. */
  public Tensor huber(Tensor prediction, Tensor target, double delta) {
    return Losses.huber(this, prediction, target, delta);
  }

  /** PyTorch's BCELoss on probabilities, logs clamped at −100. */
  public Tensor bce(Tensor probability, Tensor target) {
    return Losses.bce(this, probability, target);
  }

  /**
   * PyTorch's BCELoss with {@code reduction='none'}: one loss per element, the same shape as the
   * operands, with BCELoss's gradient (finite at p = 0 and p = 1).
   */
  public Tensor bceElements(Tensor probability, Tensor target) {
    return Losses.bceElements(this, probability, target);
  }

  /** PyTorch's BCEWithLogitsLoss. */
  public Tensor bceLogits(Tensor logits, Tensor target) {
    return Losses.bceLogits(this, logits, target);
  }

  /** PyTorch's CrossEntropyLoss of a logit vector and a class index held in a scalar. */
  public Tensor softmaxCe(Tensor logits, Tensor classIndex) {
    return Losses.softmaxCe(this, logits, classIndex);
  }
}
