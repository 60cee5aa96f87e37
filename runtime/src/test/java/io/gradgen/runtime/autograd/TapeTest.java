package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TapeTest {
  @Test
  void recordsOnlyOpsThatNeedAGradientAndEmptiesOnBackward() {
    Tensor w = Tensor.parameter(new int[] {2}, 1, 2);
    Tensor c = Tensor.constant(new int[] {2}, 3, 4);
    Tape tape = new Tape();
    Tensor constantsOnly = tape.exp(c);
    assertFalse(constantsOnly.requiresGrad());
    Tensor loss = tape.sum(tape.mul(w, constantsOnly));
    assertTrue(loss.requiresGrad());
    assertEquals(List.of("mul", "sum"), tape.ops());
    tape.backward(loss);
    assertEquals(0, tape.size());
    assertArrayEquals(new double[] {Math.exp(3), Math.exp(4)}, w.grad);
    assertNull(c.grad);
  }

  @Test
  void fanOutAccumulatesEveryUse() {
    Tensor x = Tensor.parameter(new int[] {}, 3);
    Tape tape = new Tape();
    Tensor y = tape.add(tape.mul(x, x), x);  // x² + x: dy/dx = 2x + 1
    tape.backward(y);
    assertEquals(7, x.grad[0]);

    Tensor h = Tensor.parameter(new int[] {}, 0.5);
    Tensor shared = tape.tanh(h);  // used by two later ops: its gradient must be their sum
    tape.backward(tape.add(tape.mul(shared, shared), tape.sin(shared)));
    double t = Math.tanh(0.5);
    assertEquals((2 * t + Math.cos(t)) * (1 - t * t), h.grad[0], 1e-15);
  }

  @Test
  void gradientsAccumulateAcrossBackwardPassesUntilZeroed() {
    Tensor x = Tensor.parameter(new int[] {}, 2);
    Tape tape = new Tape();
    tape.backward(tape.mul(x, x));
    tape.backward(tape.mul(x, x));
    assertEquals(8, x.grad[0]);
    x.zeroGrad();
    assertEquals(0, x.grad[0]);
    tape.backward(tape.mul(x, x));
    assertEquals(4, x.grad[0]);
  }

  @Test
  void aTapeWithoutRecordingComputesTheSameValuesAndNoGraph() {
    Tensor w = Tensor.parameter(new int[] {2}, 1, 2);
    Tape noGrad = Tape.noGrad();
    Tensor loss = noGrad.sum(noGrad.exp(w));
    assertEquals(Math.exp(1) + Math.exp(2), loss.item());
    assertFalse(loss.requiresGrad());
    assertEquals(0, noGrad.size());
    noGrad.backward(loss);
    assertNull(w.grad);

    Tape tape = new Tape();
    tape.setRecording(false);
    assertFalse(tape.isRecording());
    tape.exp(w);
    assertEquals(0, tape.size());
    tape.setRecording(true);
    tape.exp(w);
    assertEquals(1, tape.size());
    tape.reset();
    assertEquals(0, tape.size());
  }

  @Test
  void opsOffThePathToTheLossContributeNothing() {
    Tensor x = Tensor.parameter(new int[] {}, 2);
    Tape tape = new Tape();
    Tensor unused = tape.exp(x);
    tape.backward(tape.mul(x, Tensor.scalar(3)));
    assertEquals(3, x.grad[0]);
    assertNull(unused.grad);
  }

  @Test
  void backwardNeedsAnUnbatchedScalar() {
    Tape tape = new Tape();
    Tensor batch = Tensor.batch(new int[] {}, 2, 1, 2).requiresGrad(true);
    Tensor vector = Tensor.parameter(new int[] {2}, 1, 2);
    assertThrows(IllegalArgumentException.class, () -> tape.backward(tape.exp(batch)));
    assertThrows(IllegalArgumentException.class, () -> tape.backward(vector));
  }

  @Test
  void anUnbatchedParameterGetsTheSumOfThePerSampleGradients() {
    Random rng = new Random(41);
    Tensor w = GradCheck.param(rng, new int[] {3}, -1, 1);
    double[] xs = GradCheck.uniform(rng, 12, -1, 1);
    Tape tape = new Tape();
    tape.backward(tape.sumBatch(tape.sin(tape.dot(w, Tensor.batch(new int[] {3}, 4, xs)))));
    double[] batched = w.grad.clone();

    double[] oneByOne = new double[3];
    for (int s = 0; s < 4; s++) {
      w.zeroGrad();
      double[] sample = java.util.Arrays.copyOfRange(xs, 3 * s, 3 * s + 3);
      tape.backward(tape.sin(tape.dot(w, Tensor.constant(new int[] {3}, sample))));
      for (int i = 0; i < 3; i++) {
        oneByOne[i] += w.grad[i];
      }
    }
    assertArrayEquals(oneByOne, batched, 1e-14);
  }

  /**
   * The seed example (yhat = w @ x + b, mse) over a batch read from a row-major data array; the
   * gradient of the batch-mean loss is (1/B)·Σ_s r_s x_sᵀ for w and (1/B)·Σ_s r_s for b, with r_s =
   * w x_s + b − y_s (mse's 2 and its 1/n cancel for two outputs).
   */
  @Test
  void linearRegressionMatchesTheClosedFormGradient() {
    Random rng = new Random(42);
    int rows = 10, from = 2, to = 9, width = 5;
    double[] data = GradCheck.uniform(rng, rows * width, -2, 2);
    Tensor w = GradCheck.param(rng, new int[] {2, 3}, -1, 1);
    Tensor b = GradCheck.param(rng, new int[] {2}, -1, 1);
    Tensor x = Tensor.fromRows(data, width, 0, new int[] {3}, from, to);
    Tensor y = Tensor.fromRows(data, width, 3, new int[] {2}, from, to);

    Tape tape = new Tape();
    Tensor loss = tape.meanBatch(tape.mse(tape.add(tape.matmul(w, x), b), y));
    tape.backward(loss);

    int batch = to - from;
    double[] dw = new double[6], db = new double[2];
    double expectedLoss = 0;
    for (int row = from; row < to; row++) {
      for (int i = 0; i < 2; i++) {
        double r = b.data[i] - data[row * width + 3 + i];
        for (int q = 0; q < 3; q++) {
          r += w.data[i * 3 + q] * data[row * width + q];
        }
        expectedLoss += r * r / 2 / batch;
        db[i] += r / batch;
        for (int q = 0; q < 3; q++) {
          dw[i * 3 + q] += r * data[row * width + q] / batch;
        }
      }
    }
    assertEquals(expectedLoss, loss.item(), 1e-14);
    assertArrayEquals(dw, w.grad, 1e-14);
    assertArrayEquals(db, b.grad, 1e-14);
    GradCheck.check(t -> t.meanBatch(t.mse(t.add(t.matmul(w, x), b), y)), w, b);
  }
}
