package io.gradgen.parse;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a pass that recurses once per nesting level of an expression on a thread of its own, with
 * a stack sized for {@link NestingLimit#MAX_DEPTH} levels many times over, so that the caller's
 * stack does not matter: the CLI's main thread, javac's (the annotation processor), Maven's (the
 * plugin) and a test runner's all get the same answer for a model at the limit.
 *
 * <pre>
 * ModelFile file = DeepStack.call(() -> AstBuilder.build(tree, "m.model"));
 * </pre>
 *
 * <p>The deepest pass measured (lowering a nest of calls, {@code sin(sin(…))}) takes about 1.1 KB
 * of stack a level, so {@value #STACK_BYTES} bytes hold 1,000 levels about fifty times; a thread
 * only reserves that much address space and touches what it uses. What the pass throws is thrown
 * again on the caller's thread, as it was.
 */
public final class DeepStack {
  /** The stack of the thread a pass runs on. */
  static final long STACK_BYTES = 64L << 20;

  private DeepStack() {}

  /** {@code pass.get()}, computed on a thread with a {@value #STACK_BYTES}-byte stack. */
  public static <T> T call(Supplier<T> pass) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(null, () -> {
      try {
        result.set(pass.get());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "gradgen-deep-stack", STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable thrown = failure.get();
    if (thrown instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
    if (thrown != null) {
      throw new IllegalStateException(thrown);
    }
    return result.get();
  }
}
