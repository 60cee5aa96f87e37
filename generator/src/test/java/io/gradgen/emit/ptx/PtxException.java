package io.gradgen.emit.ptx;

/**
 * What the reference PTX interpreter cannot accept or run: an instruction outside the subset, a
 * memory access outside every allocation, a race between threads, a deadlock at a barrier. Each is a
 * test failure.
 */
final class PtxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PtxException(String message) {
    super(message);
  }
}
