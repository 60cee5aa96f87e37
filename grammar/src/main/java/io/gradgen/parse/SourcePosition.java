package io.gradgen.parse;

/**
 * Where something is in a model file: the file as the user named it, a 1-based line and a 1-based
 * column. Every error gradgen reports about a model carries one, formatted as {@code FILE:LINE:COL}.
 */
public record SourcePosition(String file, int line, int column) {

  public SourcePosition {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
  }

  /** For text that does not come from a file, such as a command-line option. */
  public static SourcePosition of(String origin) {
    return new SourcePosition(origin, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
