package io.gradgen.cli;

/** A run that failed for a reason other than bad input (divergence, I/O): exit status 1. */
final class RunFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RunFailure(String message) {
    super(message, null, false, false);
  }
}
