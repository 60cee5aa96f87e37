package io.gradgen.interpret;

import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;

/** A checked model bound to the interpreter: an {@link InterpretedObjective} for each data set. */
record InterpretedModel(CheckedModel checked, ModelLayout layout) implements PreparedModel {

  @Override
  public Objective objective(Dataset data) {
    return InterpretedObjective.of(checked, layout, data);
  }

  /** Nothing is compiled. */
  @Override
  public double compileSeconds() {
    return 0;
  }
}
