package io.gradgen;

/**
 * A backend that failed while running a model, for a reason that is not the model's or the data's
 * (a GPU error, a device out of memory): one line, which the command line prints as {@code error:
 * …} with exit status 1. Backends in modules of their own extend it.
 */
public class BackendFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendFailure(String message) {
    super(message, null, false, false);
  }
}
