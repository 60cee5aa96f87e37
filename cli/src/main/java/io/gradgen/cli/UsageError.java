package io.gradgen.cli;

/** A wrong argument: reported as {@code error: MESSAGE} with exit status 2. */
final class UsageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageError(String message) {
    super(message, null, false, false);
  }
}
