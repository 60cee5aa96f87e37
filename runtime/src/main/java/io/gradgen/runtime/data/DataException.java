package io.gradgen.runtime.data;

import java.nio.file.Path;

/**
 * Bad input in a data, parameter or checkpoint file, as one line that names the file and, where
 * it helps, the position: {@code crop.csv:4:3: error: "7O" in column "Rainfall" is not a number}
 * or {@code crop.npy: error: dtype '<i8' is not supported}.
 *
 * <p>For CSV the row is the 1-based line in the file (the header is line 1) and the column the
 * 1-based cell index. The message is meant to be printed as it is, so the exception carries no
 * stack trace: it reports the user's mistake, not ours.
 */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message, null, false, false);
  }

  /** {@code FILE: error: MESSAGE}. */
  public static DataException in(Path file, String message) {
    return new DataException(file + ": error: " + message);
  }

  /** {@code FILE:ROW:COL: error: MESSAGE}. */
  public static DataException at(Path file, long row, int column, String message) {
    return new DataException(file + ":" + row + ":" + column + ": error: " + message);
  }
}
