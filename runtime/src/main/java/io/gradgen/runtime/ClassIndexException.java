package io.gradgen.runtime;

import io.gradgen.runtime.data.DataException;

/**
 * A class index of {@code softmax_ce} that is not one of its classes: PyTorch's {@code
 * CrossEntropyLoss} refuses it ("Target 3 is out of bounds"), where a one-hot of nothing would
 * silently make the loss {@code logsumexp(z)}. Every backend throws it from the row that has it;
 * the objective that bound the data then names the row with {@link #inRow}.
 *
 * <pre>
 * Functions.oneHot(3, 0, 3)   → ClassIndexException: a class index is 3, not one of the 3 classes (0 to 2)
 * </pre>
 */
public final class ClassIndexException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int sample;

  public ClassIndexException(double index, int classes) {
    this(index, classes, -1);
  }

  /** For a batch of samples, {@code sample} the one with the bad index (-1 where unknown). */
  public ClassIndexException(double index, int classes, int sample) {
    this("a class index is " + text(index) + ", not one of the " + classes + " classes (0 to " + (classes - 1) + ")",
        sample);
  }

  /**
   * The same, naming the loss ({@code softmax_ce}, {@code nll}) where the thrower knows it: the
   * checker does, for a literal class; a kernel's one-hot does not know which loss reads it.
   */
  public ClassIndexException(String loss, double index, int classes, int sample) {
    this("the class index of " + loss + " is " + text(index) + ", not one of its " + classes + " classes (0 to "
        + (classes - 1) + ")", sample);
  }

  private ClassIndexException(String message, int sample) {
    super(message, null, false, false);
    this.sample = sample;
  }

  /**
   * An index {@code v[k]} that is not one of the {@code size} positions of its axis (-1 for {@code
   * sample} where unknown): PyTorch's "index 5 is out of bounds for dimension 0 with size 3".
   */
  public static ClassIndexException position(double index, int size, int sample) {
    return new ClassIndexException("an index is " + text(index) + ", not one of the " + size + " positions of its axis (0 to "
        + (size - 1) + ")", sample);
  }

  /** The sample of the batch that had the index, -1 where the thrower did not know. */
  public int sample() {
    return sample;
  }

  /** This error at data row {@code row} (0-based) of {@code source}: {@code FILE: error: row 5: …}. */
  public DataException inRow(String source, int row) {
    return new DataException(source + ": error: row " + (row + 1) + ": " + getMessage());
  }

  private static String text(double index) {
    return index == Math.rint(index) && Math.abs(index) < 1e15 ? Long.toString((long) index) : Double.toString(index);
  }
}
