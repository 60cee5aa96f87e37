package io.gradgen.parse;

/**
 * A problem with a model: a syntax error, an unknown name, a shape mismatch. It carries the position
 * of the offending text and a sentence-like message; {@link #format()} gives the one line the CLI
 * prints: {@code crop.model:12:9: error: cannot add [2] and [3]}.
 *
 * <p>It has no stack trace of its own: it is an answer to the user, not a bug report.
 */
public final class ModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final SourcePosition position;
  private final String detail;

  public ModelException(SourcePosition position, String detail) {
    super(position + ": error: " + detail, null, false, false);
    this.position = position;
    this.detail = detail;
  }

  public SourcePosition position() {
    return position;
  }

  /** The message without its position. */
  public String detail() {
    return detail;
  }

  /** {@code FILE:LINE:COL: error: MESSAGE}, one line. */
  public String format() {
    return getMessage();
  }
}
