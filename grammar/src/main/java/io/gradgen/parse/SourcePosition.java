package io.gradgen.parse;

/**
 * Where something is in a model file: the file as the user named it, a 1-based line and a 1-based
 * column. Every error gradgen reports about a model carries one, formatted as {@code FILE:LINE:COL}
 * (or {@code FILE}, line 0, for the file as a whole).
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

  /** The file as a whole, for a problem that has no place inside it (it cannot be read): {@code FILE}. */
  public static SourcePosition wholeFile(String file) {
    return new SourcePosition(file, 0, 0);
  }

  @Override
  public String toString() {
    return line == 0 ? file : file + ":" + line + ":" + column;
  }
}
