package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class BinaryTest {
  /** An op with the ranges its operands are drawn from (inside its domain, away from kinks). */
  record Op(String name, BiFunction<Tape, Tensor[], Tensor> apply,
      double aLo, double aHi, double bLo, double bHi) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Op[] OPS = {
    new Op("add", (t, x) -> t.add(x[0], x[1]), -2, 2, -2, 2),
    new Op("sub", (t, x) -> t.sub(x[0], x[1]), -2, 2, -2, 2),
    new Op("mul", (t, x) -> t.mul(x[0], x[1]), -2, 2, -2, 2),
    new Op("div", (t, x) -> t.div(x[0], x[1]), -2, 2, 0.5, 2),
    new Op("pow", (t, x) -> t.pow(x[0], x[1]), 0.3, 2, -2, 2.5),
    new Op("max", (t, x) -> t.max(x[0], x[1]), -2, 2, -2, 2),
    new Op("min", (t, x) -> t.min(x[0], x[1]), -2, 2, -2, 2),
  };

  /** Operand layouts: a's shape and batch (0 = unbatched), then b's. */
  static final int[][][] LAYOUTS = {
    {{2, 3}, {0}, {2, 3}, {0}},  // both unbatched
    {{3}, {4}, {3}, {4}},        // both batched
    {{3}, {0}, {3}, {4}},        // unbatched parameter against a batch: summed over samples
    {{3}, {4}, {3}, {0}},        // ... on the right
    {{2, 2}, {3}, {}, {0}},      // unbatched scalar broadcast against a batched matrix
    {{}, {0}, {3}, {4}},         // ... on the left
    {{}, {5}, {4}, {0}},         // batched scalar against an unbatched vector
    {{2}, {3}, {}, {3}},         // both batched, one a scalar
  };

  static Stream<Arguments> cases() {
    return Stream.of(OPS).flatMap(op -> Stream.of(LAYOUTS).map(layout -> Arguments.of(op, layout)));
  }

  static Tensor leaf(Random rng, int[] shape, int samples, double lo, double hi) {
    return samples == 0
        ? GradCheck.param(rng, shape, lo, hi)
        : GradCheck.batch(rng, samples, shape, lo, hi);
  }

  @ParameterizedTest(name = "{0} {index}")
  @MethodSource("cases")
  void gradientsMatchFiniteDifferences(Op op, int[][] layout) {
    Random rng = new Random(op.name().hashCode());
    Tensor a = leaf(rng, layout[0], layout[1][0], op.aLo(), op.aHi());
    Tensor b = leaf(rng, layout[2], layout[3][0], op.bLo(), op.bHi());
    GradCheck.check(tape -> op.apply().apply(tape, new Tensor[] {a, b}), a, b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void fanOutAddsBothOperandsGradients(Op op) {
    Random rng = new Random(1);
    Tensor x = GradCheck.batch(rng, 3, new int[] {4}, Math.max(op.aLo(), op.bLo()), op.aHi());
    GradCheck.check(tape -> op.apply().apply(tape, new Tensor[] {x, x}), x);
  }

  static Stream<Op> ops() {
    return Stream.of(OPS);
  }

  @Test
  void broadcastsAScalarAndAnUnbatchedOperandInTheForwardPass() {
    Tensor x = Tensor.batch(new int[] {2}, 2, 1, 2, 3, 4);
    Tensor w = Tensor.constant(new int[] {2}, 10, 20);
    Tape tape = Tape.noGrad();
    assertArrayEquals(new double[] {11, 22, 13, 24}, tape.add(x, w).data);
    assertArrayEquals(new double[] {-1, -2, -3, -4}, tape.sub(Tensor.scalar(0), x).data);
    assertArrayEquals(new double[] {1, 4, 9, 16}, tape.pow(x, Tensor.scalar(2)).data);
    assertArrayEquals(new double[] {2, 2, 3, 4}, tape.max(x, Tensor.scalar(2)).data);
    assertArrayEquals(new double[] {1, 2, 2, 2}, tape.min(x, Tensor.scalar(2)).data);
  }

  @Test
  void aBroadcastScalarGetsTheSumOverElementsAndSamples() {
    Tensor x = Tensor.batch(new int[] {2}, 2, 1, 2, 3, 4);
    Tensor c = Tensor.parameter(new int[] {}, 5);
    Tape tape = new Tape();
    tape.backward(tape.sumBatch(tape.sum(tape.mul(c, x))));
    assertArrayEquals(new double[] {10}, c.grad);
  }

  @Test
  void maxAndMinSplitTheGradientEvenlyOnTies() {
    Tensor a = Tensor.parameter(new int[] {3}, 1, 2, 3);
    Tensor b = Tensor.parameter(new int[] {3}, 1, 5, 0);
    Tape tape = new Tape();
    tape.backward(tape.sum(tape.add(tape.max(a, b), tape.min(a, b))));
    // max and min each send 0.5 to both sides of the tie; elsewhere each side wins one of them.
    assertArrayEquals(new double[] {1, 1, 1}, a.grad);
    assertArrayEquals(new double[] {1, 1, 1}, b.grad);

    Tensor c = Tensor.parameter(new int[] {3}, 1, 2, 3);
    Tensor d = Tensor.parameter(new int[] {3}, 1, 5, 0);
    tape.backward(tape.sum(tape.max(c, d)));
    assertArrayEquals(new double[] {0.5, 0, 1}, c.grad);
    assertArrayEquals(new double[] {0.5, 1, 0}, d.grad);
  }

  @Test
  void aTiedBroadcastScalarCollectsHalfOfEveryTie() {
    Tensor s = Tensor.parameter(new int[] {}, 2);
    Tensor x = Tensor.batch(new int[] {2}, 2, 2, 2, 1, 3).requiresGrad(true);
    Tape tape = new Tape();
    tape.backward(tape.sumBatch(tape.sum(tape.min(s, x))));
    assertArrayEquals(new double[] {0.5 + 0.5 + 0 + 1}, s.grad);
    assertArrayEquals(new double[] {0.5, 0.5, 1, 0}, x.grad);
  }

  @Test
  void powFollowsPyTorchAtZero() {
    Tensor base = Tensor.parameter(new int[] {3}, 0, 0, 2);
    Tensor exponent = Tensor.parameter(new int[] {3}, 0, 3, 0);
    Tape tape = new Tape();
    Tensor y = tape.pow(base, exponent);
    assertArrayEquals(new double[] {1, 0, 1}, y.data);
    tape.backward(tape.sum(y));
    // d/dbase is 0 where the exponent is 0 (not 0·0^-1 = NaN); d/dexponent is 0 where base is 0.
    assertArrayEquals(new double[] {0, 0, 0}, base.grad);
    assertArrayEquals(new double[] {0, 0, Math.log(2)}, exponent.grad);
  }

  @Test
  void cubicExampleFromTheLanguageReference() {
    Tensor a = Tensor.parameter(new int[] {}, 5);
    Tensor b = Tensor.parameter(new int[] {}, 6);
    Tape tape = new Tape();
    Tensor loss = tape.sub(tape.pow(a, Tensor.scalar(3)), tape.pow(b, Tensor.scalar(2)));
    assertEquals(89, loss.item(), 1e-12);
    tape.backward(loss);
    assertEquals(75, a.grad[0], 1e-12);
    assertEquals(-12, b.grad[0], 1e-12);
  }

  @Test
  void rejectsMismatchedShapesAndBatches() {
    Tape tape = new Tape();
    Tensor two = Tensor.constant(new int[] {2}, 1, 2);
    Tensor three = Tensor.constant(new int[] {3}, 1, 2, 3);
    assertEquals("cannot add [2] and [3]",
        assertThrows(IllegalArgumentException.class, () -> tape.add(two, three)).getMessage());
    Tensor small = Tensor.batch(new int[] {}, 2, 1, 2);
    Tensor large = Tensor.batch(new int[] {}, 3, 1, 2, 3);
    assertEquals("cannot multiply a batch of 2 and a batch of 3",
        assertThrows(IllegalArgumentException.class, () -> tape.mul(small, large)).getMessage());
  }
}
