package io.gradgen.spark;

import io.gradgen.BackendFailure;

/** A Spark failure that is not the data's or the model's (an executor lost, a master not reached): exit 1. */
final class SparkFailure extends BackendFailure {
  private static final long serialVersionUID = 1L;

  SparkFailure(String message) {
    super(message);
  }
}
