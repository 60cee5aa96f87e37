package io.gradgen.parse;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a pass that recurses once per nesting level of an expression on a thread with a stack
 * sized for {@link NestingLimit#MAX_DEPTH} levels many times over, so that the caller's stack does
 * not matter: the CLI's main thread, javac's (the annotation processor), Maven's (the plugin) and a
 * test runner's all get the same answer for a model at the limit.
 *
 * <pre>
 * ModelFile file = DeepStack.call(() -> AstBuilder.build(tree, "m.model"));
 * </pre>
 *
 * <p>The deepest pass measured (lowering a nest of calls, {@code sin(sin(…))}) takes about 1.1 KB
 * of stack a level, so {@value #STACK_BYTES} bytes hold 1,000 levels about fifty times; a thread
 * only reserves that much address space and touches what it uses. The threads, one a processor,
 * are daemons kept {@value #KEEP_ALIVE_S} s after their last pass (starting one costs about as
 * much as parsing a small model); a pass that is already on one runs where it is. What the pass throws is thrown
 * again on the caller's thread, as it was.
 */
public final class DeepStack {
  /** The stack of the threads passes run on. */
  static final long STACK_BYTES = 64L << 20;

  private static final long KEEP_ALIVE_S = 10;
  private static final ThreadGroup GROUP = new ThreadGroup("gradgen-deep-stack");
  /** One thread a processor: more passes at once than that wait their turn. */
  private static final int THREAD_COUNT = Runtime.getRuntime().availableProcessors();

  private static final ThreadPoolExecutor THREADS = threads();

  private DeepStack() {}

  private static ThreadPoolExecutor threads() {
    ThreadPoolExecutor threads = new ThreadPoolExecutor(THREAD_COUNT, THREAD_COUNT, KEEP_ALIVE_S, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(GROUP, task, "gradgen-deep-stack", STACK_BYTES);
          thread.setDaemon(true);
          return thread;
        });
    threads.allowCoreThreadTimeOut(true);
    return threads;
  }

  /** {@code pass.get()}, computed on a thread with a {@value #STACK_BYTES}-byte stack. */
  public static <T> T call(Supplier<T> pass) {
    if (Thread.currentThread().getThreadGroup() == GROUP) {
      return pass.get();
    }
    Future<T> result = THREADS.submit(pass::get);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (ExecutionException e) {
      Throwable thrown = e.getCause();
      if (thrown instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (thrown instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(thrown);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
