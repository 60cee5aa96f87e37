package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the trainer relies on from every optimizer besides its rule: stepping aside and rewinding. */
class OptimizerTest {
  private static final double[][] GRADIENTS = {{1, -2, 0.5}, {-0.25, 3, 1}, {2, 2, -1}, {0.5, -1, 4}};

  /** Every kind at its defaults, and every kind with each of its torch.optim options on. */
  static List<OptimizerSpec> specs() {
    List<OptimizerSpec> specs = new ArrayList<>();
    for (OptimizerSpec.Kind kind : OptimizerSpec.Kind.values()) {
      if (kind.closure()) {
        continue; // lbfgs and newton step through a closure: LbfgsTest, NewtonTest, ClosureStepsTest
      }
      OptimizerSpec plain = OptimizerSpec.defaults(kind, 0.1);
      specs.add(plain);
      specs.add(plain.withOptions(kind == OptimizerSpec.Kind.MOMENTUM ? 0.3 : 0, 0.2, true, true, true,
          kind == OptimizerSpec.Kind.RMSPROP ? 0.8 : 0, 0.4, 0.5));
    }
    return specs;
  }

  @Test
  void stepIntoAnotherArrayLeavesTheParamsAndGivesTheInPlaceBits() {
    for (OptimizerSpec kind : specs()) {
      Optimizer inPlace = Optimizer.create(kind, 3);
      Optimizer aside = Optimizer.create(kind, 3);
      double[] params = {1, -1, 0.5};
      double[] current = params.clone();
      for (double[] gradient : GRADIENTS) {
        inPlace.step(params, gradient, 0.1);
        double[] before = current.clone();
        double[] into = new double[3];
        aside.step(current, gradient, 0.1, into);
        assertArrayEquals(before, current, kind + " left its input alone");
        current = into;
        assertArrayEquals(params, current, 0, kind.toString());
      }
    }
  }

  @Test
  void rewindReturnsToTheMarkedState() {
    for (OptimizerSpec kind : specs()) {
      Optimizer optimizer = Optimizer.create(kind, 3);
      Optimizer reference = Optimizer.create(kind, 3);
      double[] params = {1, -1, 0.5};
      double[] same = params.clone();
      optimizer.step(params, GRADIENTS[0], 0.1);
      reference.step(same, GRADIENTS[0], 0.1);
      optimizer.mark();
      double[] thrownAway = params.clone();
      optimizer.step(thrownAway, GRADIENTS[1], 0.1);
      optimizer.step(thrownAway, GRADIENTS[2], 0.1);
      optimizer.rewind();
      assertEquals(reference.state().step(), optimizer.state().step(), kind.toString());
      assertEquals(reference.state().buffers().keySet(), optimizer.state().buffers().keySet(), kind.toString());
      reference.state().buffers().forEach(
          (name, values) -> assertArrayEquals(values, optimizer.state().buffers().get(name), 0, kind + " " + name));
      optimizer.step(params, GRADIENTS[3], 0.1);
      reference.step(same, GRADIENTS[3], 0.1);
      assertArrayEquals(same, params, 0, kind + " continues as if the rewound steps never happened");
    }
  }
}
