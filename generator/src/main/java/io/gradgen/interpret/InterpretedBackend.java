package io.gradgen.interpret;

import io.gradgen.Backend;
import io.gradgen.Backends;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;

/**
 * The {@code interpreted} backend: the forward IR run eagerly on the runtime's tape autograd
 * ({@link InterpretedObjective}), nothing generated or compiled. It computes in f64 whatever
 * precision is asked for, so its layout says f64.
 */
public final class InterpretedBackend implements Backend {
  @Override
  public String name() {
    return Backends.INTERPRETED;
  }

  @Override
  public String description() {
    return "the tape-based interpreted autograd, always in f64";
  }

  @Override
  public PreparedModel prepare(CheckedModel model, Precision precision) {
    ModelLayout layout = model.layout();
    return new InterpretedModel(model, layout.withPrecision(Precision.F64));
  }

  /** The same: the interpreted objective always has Hessian-vector products ({@link HyperDual}). */
  @Override
  public PreparedModel prepareWithHessian(CheckedModel model, Precision precision) {
    return prepare(model, precision);
  }
}
