package io.gradgen.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.Functions;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorFunctionsTest {

  /** Every lane, branch and tail length gives the scalar function's bits. */
  @Test
  void tanhGivesFunctionsTanhBitsForEveryElement() {
    SplittableRandom random = new SplittableRandom(3);
    for (double scale : new double[] {1e-300, 1e-3, 0.3, 0.625, 1, 3, 10, 22, 30, 1e6}) {
      for (int count : new int[] {0, 1, 3, 4, 7, 64, 1001}) {
        double[] in = new double[count + 5];
        for (int i = 0; i < in.length; i++) {
          in[i] = (random.nextDouble() * 2 - 1) * scale;
        }
        double[] out = new double[count + 2];
        VectorFunctions.tanh(in, 5, out, 2, count);
        for (int i = 0; i < count; i++) {
          assertEquals(Double.doubleToRawLongBits(Functions.tanh(in[5 + i])), Double.doubleToRawLongBits(out[2 + i]),
              "tanh(" + in[5 + i] + "), element " + i + " of " + count);
        }
        assertEquals(0.0, out[0], 0, "nothing written before the offset");
      }
    }
  }

  @Test
  void tanhOfSpecialValuesInEveryLane() {
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        0.625, -0.625, Math.nextDown(0.625), 22, Math.nextUp(22.0), -22.5, Double.MIN_VALUE, -1e-300,
        Double.MAX_VALUE, -Double.MAX_VALUE, 0.5};
    double[] out = new double[special.length];
    VectorFunctions.tanh(special, 0, out, 0, special.length);
    for (int i = 0; i < special.length; i++) {
      double expected = Functions.tanh(special[i]);
      assertTrue(Double.isNaN(expected)
              ? Double.isNaN(out[i])
              : Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(out[i]),
          "tanh(" + special[i] + ") = " + out[i] + ", scalar " + expected);
    }
  }
}
