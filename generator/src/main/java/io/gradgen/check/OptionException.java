package io.gradgen.check;

/**
 * A command-line option whose value no training setting may take, such as {@code --lr -1} or
 * {@code --clip 1 --no-clip}; thrown by {@link TrainingSettings#override}. The command line prints
 * it as {@code error: --lr must be positive, not -1.0} and exits with status 2. (A bad option that
 * is model text, such as {@code --optimizer 'adm(lr = 1)'}, is a {@link
 * io.gradgen.parse.ModelException} at its place in the option instead.)
 *
 * <p>It has no stack trace of its own: it is an answer to the user, not a bug report.
 */
public final class OptionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OptionException(String message) {
    super(message, null, false, false);
  }
}
