package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ShapingTest {

  @Test
  void outerAndPlaceMatchFiniteDifferencesBatchedOrNot() {
    Random rng = new Random(5);
    Tensor u = GradCheck.param(rng, new int[] {2}, -2, 2);
    Tensor v = GradCheck.batch(rng, 3, new int[] {3}, -2, 2);
    GradCheck.check(tape -> tape.sum(tape.mul(tape.outer(u, v), tape.outer(u, v))), u, v);
    Tensor x = GradCheck.batch(rng, 2, new int[] {3}, -2, 2);
    GradCheck.check(tape -> tape.sum(tape.mul(tape.place(x, new int[] {2, 3}, 3), tape.outer(u, x))), x, u);
  }

  @Test
  void outerIsTheMatrixOfProductsAndPlacePutsValuesIntoZeros() {
    Tape tape = new Tape();
    Tensor y = tape.outer(Tensor.constant(new int[] {2}, 1, 2), Tensor.constant(new int[] {3}, 3, 4, 5));
    assertArrayEquals(new double[] {3, 4, 5, 6, 8, 10}, y.data());
    Tensor placed = tape.place(Tensor.scalar(7), new int[] {3}, 2);
    assertArrayEquals(new double[] {0, 0, 7}, placed.data());
  }

  @Test
  void amaxAndAminSplitTheGradientEvenlyBetweenTiesAsTorchAmax() {
    // torch.tensor([1., 3, 3, 2]).amax() → 3, grad [0, 0.5, 0.5, 0]; amin of [2, 1, 1, 1] → grad ⅓ each.
    Tape tape = new Tape();
    Tensor x = Tensor.parameter(new int[] {2, 2}, 1, 3, 3, 2);
    Tensor top = tape.amax(x);
    assertEquals(3, top.data()[0]);
    tape.backward(top);
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, x.grad());
    Tape again = new Tape();
    Tensor z = Tensor.parameter(new int[] {4}, 2, 1, 1, 1);
    again.backward(again.amin(z));
    assertArrayEquals(new double[] {0, 1.0 / 3, 1.0 / 3, 1.0 / 3}, z.grad());
  }

  @Test
  void extremaMatchFiniteDifferencesAwayFromTies() {
    Random rng = new Random(9);
    Tensor x = GradCheck.batch(rng, 3, new int[] {2, 3}, -2, 2);
    GradCheck.check(tape -> tape.add(tape.amax(x), tape.mul(tape.amin(x), tape.amin(x))), x);
  }

  @Test
  void argmaxIsTheFirstPositionOfTheLargestAndHasNoGradient() {
    Tape tape = new Tape();
    Tensor x = Tensor.parameter(new int[] {5}, 1, 4, 2, 4, 0);
    Tensor position = tape.argmax(x);
    assertEquals(1, position.data()[0]);
    assertFalse(tape.ops().contains("argmax"));
    Tensor rows = tape.argmax(Tensor.batch(new int[] {2}, 2, 5, 5, 1, 2));
    assertArrayEquals(new double[] {0, 1}, rows.data());
  }
}
