package io.gradgen.emit.ptx;

/**
 * A model the PTX backend cannot emit, with a one-line message naming what it cannot: the command
 * line reports it as bad input (exit 2).
 */
public final class UnsupportedPtxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedPtxException(String message) {
    super(message, null, false, false);
  }
}
