package io.gradgen.spark;

import io.gradgen.BackendFailure;
import io.gradgen.runtime.data.DataException;
import java.util.function.Supplier;

/**
 * Spark's failures as one line each: an exception a task threw comes back inside a {@code
 * SparkException} whose message is a page (the stage, the task, the executor, a stack trace);
 * gradgen's own errors in it are re-thrown as they were, anything else becomes a {@link
 * SparkFailure} with the first line of the innermost message.
 */
final class Failures {
  private Failures() {}

  static <T> T during(Supplier<T> action) {
    try {
      return action.get();
    } catch (DataException | BackendFailure e) {
      throw e;
    } catch (Exception | Error e) { // Scala code throws SparkException, a checked one, undeclared
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof DataException data) {
          throw data;
        }
      }
      throw new SparkFailure("spark: " + firstLine(e));
    }
  }

  /** {@code action}, its failure ignored: for cleaning up after a run that may already have failed. */
  static void quietly(Supplier<?> action) {
    try {
      action.get();
    } catch (Exception e) {
      // the run's result stands; a cluster that cannot tidy up has nothing to add to it
    }
  }

  /** The first line of what went wrong: Spark's "Job aborted due to stage failure" reason, without the trace. */
  static String firstLine(Throwable e) {
    Throwable inner = e;
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
    }
    String message = inner.getMessage() != null ? inner.getMessage() : inner.getClass().getSimpleName();
    if (e.getMessage() != null && e.getMessage().startsWith("Job aborted")) {
      message = e.getMessage();
    }
    String line = message.strip().lines().findFirst().orElse(message);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }
}
