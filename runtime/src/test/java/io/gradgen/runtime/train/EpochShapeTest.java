package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EpochShapeTest {
  private static EpochShape of(OptimizerSpec spec) {
    return EpochShape.of(TrainingConfig.defaults().withOptimizer(spec));
  }

  @Test
  void optionsAtTheirDefaultsAreThePlainShape() {
    for (OptimizerSpec.Kind kind : OptimizerSpec.Kind.values()) {
      EpochShape plain = kind.closure() ? null : new EpochShape(kind, false); // no epoch kernel for lbfgs, newton
      assertEquals(plain, of(OptimizerSpec.defaults(kind, 0.1)), kind.toString());
    }
  }

  @Test
  void eachOptionThatChangesTheCodeIsInTheShape() {
    OptimizerSpec adam = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.1);
    assertEquals(new EpochShape(OptimizerSpec.Kind.ADAM, false,
            new EpochShape.Option[] {EpochShape.Option.AMSGRAD, EpochShape.Option.WEIGHT_DECAY}),
        of(adam.withOptions(0, 0.5, false, true, false, 0, 0, 0)));
    OptimizerSpec rmsprop = OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, 0.1);
    assertEquals(Set.of(EpochShape.Option.CENTERED, EpochShape.Option.MOMENTUM, EpochShape.Option.MAXIMIZE),
        of(rmsprop.withOptions(0, 0, true, false, true, 0.9, 0, 0)).options());
    OptimizerSpec momentum = OptimizerSpec.defaults(OptimizerSpec.Kind.MOMENTUM, 0.1);
    assertEquals(Set.of(EpochShape.Option.DAMPENING), of(momentum.withOptions(0.5, 0, false, false, false, 0, 0, 0))
        .options());
    assertNotEquals(of(adam), of(adam.withOptions(0, 0, true, false, false, 0, 0, 0)),
        "a kernel for adam is not used for adam(maximize = true)");
  }

  @Test
  void numbersAndOptionsAKindDoesNotHaveLeaveItsShape() {
    // adagrad's lr_decay and initial sum are numbers its kernel reads; AdamW's decay is always applied
    OptimizerSpec adagrad = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAGRAD, 0.1);
    assertEquals(new EpochShape(OptimizerSpec.Kind.ADAGRAD, false),
        of(adagrad.withOptions(0, 0, false, false, false, 0, 0.5, 2)));
    OptimizerSpec sgd = OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, 0.1);
    assertEquals(new EpochShape(OptimizerSpec.Kind.SGD, false), of(sgd.withOptions(0.5, 0, false, true, true, 0.9, 0, 0)));
    OptimizerSpec adamw = OptimizerSpec.defaults(OptimizerSpec.Kind.ADAMW, 0.1);
    assertEquals(new EpochShape(OptimizerSpec.Kind.ADAMW, false), of(adamw.withOptions(0, 0.3, false, false, false, 0, 0, 0)));
  }
}
