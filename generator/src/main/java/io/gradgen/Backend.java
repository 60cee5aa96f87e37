package io.gradgen;

import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;
import java.util.Optional;

/**
 * A named way to run a checked model: {@code java} (the generated kernel, compiled in memory),
 * {@code interpreted} (the tape-based autograd over the forward IR), and backends from modules of
 * their own ({@code cuda}). What a backend gives the commands is a {@link PreparedModel}: the
 * layout it runs with, an {@link io.gradgen.runtime.train.Objective} over a data set, initial
 * params and how long preparing took. Everything above that (the trainer, the gradient check, the
 * CLI) is the same for every backend.
 *
 * <pre>
 * Backend java = Backends.installed().named("java").orElseThrow();
 * PreparedModel model = java.prepare(Pipeline.check(Path.of("crop-yield.model")), Precision.F64);
 * Objective objective = model.objective(DataLoader.read(model.dataFile(), model.layout()));
 * </pre>
 *
 * <p>A module adds a backend by implementing this interface in a public class with a public
 * no-argument constructor and naming that class in {@code
 * META-INF/services/io.gradgen.Backend}; {@link Backends} finds it with {@link
 * java.util.ServiceLoader} once the module is on the class path. Constructing a backend must be
 * cheap and must not fail for want of hardware: probing for a device belongs in {@link
 * #unavailable()}, which is asked only when the backend is chosen.
 */
public interface Backend {

  /** The name {@code --backend} takes: lower case, unique among the backends of a build. */
  String name();

  /** What runs the model, for {@code --help}: a short phrase, about 60 characters at most. */
  String description();

  /**
   * Whether the backend runs on an accelerator (a GPU): only such backends are candidates for
   * {@code --backend auto}.
   */
  default boolean accelerated() {
    return false;
  }

  /**
   * Why the backend cannot run on this machine ({@code "no CUDA device found"}), or empty when it
   * can. May probe the hardware; asked only when the backend is chosen.
   */
  default Optional<String> unavailable() {
    return Optional.empty();
  }

  /**
   * Whether running {@code model} in {@code precision} here is faster than the generated Java
   * kernel would be (a GPU gains on wide layers and many rows, not on three params): what {@code
   * --backend auto} asks an accelerated backend that is available.
   */
  default boolean gains(CheckedModel model, Precision precision) {
    return false;
  }

  /**
   * Makes {@code model} ready to run in {@code precision}: generates and compiles its kernel (or
   * binds the interpreter). Throws {@link io.gradgen.parse.ModelException} for a model this backend
   * cannot run, with the position of what it cannot.
   */
  PreparedModel prepare(CheckedModel model, Precision precision);

  /**
   * As {@link #prepare}, with Hessian-vector products ({@link
   * io.gradgen.runtime.train.Objective#hasHessianVectorProducts()} true on its objectives): what the
   * {@code newton} optimizer, {@code gradgen hessian} and {@code check --hessian} ask for, so that
   * nothing else pays for the second-order code. A backend that cannot compute them refuses (the
   * default), with a {@link io.gradgen.parse.ModelException} at the model's loss.
   */
  default PreparedModel prepareWithHessian(CheckedModel model, Precision precision) {
    throw Pipeline.errorAtLoss(model, "the " + name() + " backend computes no Hessian-vector products"
        + " (the newton optimizer, gradgen hessian and check --hessian need them); use --backend java or interpreted");
  }
}
