package io.gradgen.ir;

/**
 * Where a node comes from in the model, for people: the text of the model expression it computes
 * (or, for a backward node, the expression whose adjoint it helps compute) and the line and column
 * where that text starts. Generated code quotes it in comments and {@code --dump-after} prints it;
 * nothing computes with it.
 *
 * <pre>
 * new Origin("w @ x", 9, 8, false).toString()        → "9:8 w @ x"
 * new Origin("w @ x", 9, 8, false).backward()        → "9:8 grad of w @ x"
 * </pre>
 */
public record Origin(String text, int line, int column, boolean isBackward) {
  public Origin {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
  }

  /** The same text and place, as the origin of the nodes its adjoint rule builds. */
  public Origin backward() {
    return isBackward ? this : new Origin(text, line, column, true);
  }

  /** {@code LINE:COL}. */
  public String where() {
    return line + ":" + column;
  }

  /** The text as a person reads it: {@code w @ x}, or {@code grad of w @ x}, as Tangent comments its adjoints. */
  public String describe() {
    return isBackward ? "grad of " + text : text;
  }

  @Override
  public String toString() {
    return where() + " " + describe();
  }
}
