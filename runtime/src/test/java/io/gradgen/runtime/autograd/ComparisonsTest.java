package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ComparisonsTest {
  private static final double NAN = Double.NaN;

  @Test
  void comparisonsGiveZeroOrOneAndRecordNothing() {
    Tape tape = new Tape();
    Tensor a = Tensor.parameter(new int[] {4}, new double[] {1, 2, 3, NAN});
    Tensor b = Tensor.scalar(2);
    assertArrayEquals(new double[] {1, 0, 0, 0}, tape.less(a, b).data(), 0);
    assertArrayEquals(new double[] {1, 1, 0, 0}, tape.lessOrEqual(a, b).data(), 0);
    assertArrayEquals(new double[] {0, 1, 0, 0}, tape.equal(a, b).data(), 0);
    assertArrayEquals(new double[] {1, 0, 1, 1}, tape.notEqual(a, b).data(), 0);
    assertEquals(0, tape.size());
  }

  /** torch.clamp(x, min = lo) on f64: the gradient is x's where x >= lo (a tie included), else lo's. */
  @Test
  void clampMinGivesATieToTheOperandAndTheRestToTheBound() {
    Tape tape = new Tape();
    Tensor x = Tensor.parameter(new int[] {4}, new double[] {-1, 0, 1, NAN});
    Tensor lo = Tensor.parameter(new int[] {4}, new double[] {0, 0, 0, 0});
    Tensor y = tape.clampMin(x, lo);
    assertArrayEquals(new double[] {0, 0, 1, NAN}, y.data(), 0);
    tape.backward(tape.sum(y));
    assertArrayEquals(new double[] {0, 1, 1, 0}, x.grad(), 0);
    assertArrayEquals(new double[] {1, 0, 0, 0}, lo.grad(), 0);
  }

  @Test
  void clampMaxMirrorsIt() {
    Tape tape = new Tape();
    Tensor x = Tensor.parameter(new int[] {3}, new double[] {-1, 0, 1});
    Tensor hi = Tensor.parameter(new int[] {}, new double[] {0});
    Tensor y = tape.clampMax(x, hi);
    assertArrayEquals(new double[] {-1, 0, 0}, y.data(), 0);
    tape.backward(tape.sum(y));
    assertArrayEquals(new double[] {1, 1, 0}, x.grad(), 0);
    assertArrayEquals(new double[] {1}, hi.grad(), 0);
  }

  @Test
  void clampGradientsMatchFiniteDifferencesAwayFromTies() {
    Tensor x = GradCheck.batch(new Random(3), 3, new int[] {4}, -2, 2);
    Tensor bound = GradCheck.param(new Random(4), new int[] {4}, -0.5, 0.5);
    GradCheck.check(tape -> tape.clampMin(x, bound), x, bound);
    GradCheck.check(tape -> tape.clampMax(x, bound), x, bound);
  }
}
