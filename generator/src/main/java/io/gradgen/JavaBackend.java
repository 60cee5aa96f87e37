package io.gradgen;

import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;

/**
 * The {@code java} backend, the default: the model's kernel generated as Java source and compiled
 * in memory by Janino, scalar at first and with SIMD loops once the JIT has compiled them, where
 * {@link io.gradgen.runtime.simd.Simd#enabled()} ({@link Gradgen#compileTiered}).
 */
final class JavaBackend implements Backend {
  @Override
  public String name() {
    return Backends.JAVA;
  }

  @Override
  public String description() {
    return "the generated Java kernel, compiled in memory (the default)";
  }

  @Override
  public CompiledModel prepare(CheckedModel model, Precision precision) {
    return Gradgen.compileTiered(model, precision);
  }

  /** The same kernels with their Hessian-vector product method ({@link Gradgen#compileWithHessian}). */
  @Override
  public CompiledModel prepareWithHessian(CheckedModel model, Precision precision) {
    return Gradgen.compileTiered(model, precision, true);
  }
}
