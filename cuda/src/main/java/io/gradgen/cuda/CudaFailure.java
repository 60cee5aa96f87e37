package io.gradgen.cuda;

import io.gradgen.BackendFailure;

/** A CUDA driver error while running a model, in one line: the command line exits 1 with it. */
final class CudaFailure extends BackendFailure {
  private static final long serialVersionUID = 1L;

  CudaFailure(String message) {
    super("CUDA: " + message);
  }
}
