package io.gradgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FunctionsTest {

  @Test
  void tanhWithinTwoUlpsOfMathTanhAtEveryScale() {
    SplittableRandom random = new SplittableRandom(11);
    for (double scale : new double[] {1e-300, 1e-8, 1e-3, 0.1, 0.5, 1, 3, 10, 30, 1e6}) {
      for (int i = 0; i < 100_000; i++) {
        double x = (random.nextDouble() * 2 - 1) * scale;
        double expected = Math.tanh(x);
        double actual = Functions.tanh(x);
        assertTrue(
            Math.abs(actual - expected) <= 2 * Math.ulp(expected),
            "tanh(" + x + ") = " + actual + ", Math.tanh gives " + expected);
        assertEquals(-actual, Functions.tanh(-x), 0, "odd at " + x);
      }
    }
  }

  /**
   * Functions.erf against torch.erf on a grid of 1/512 over [0, 6.5] (every branch point of the
   * algorithm on it), 40 small magnitudes down to subnormals, and fdlibm's 1/0.35 boundary
   * (resource torch-erf.txt, written by PyTorch 1.13): never more than 1 ulp apart, and mostly equal.
   */
  @Test
  void erfWithinOneUlpOfTorchOnADenseGrid() throws java.io.IOException {
    java.util.List<String> lines;
    try (java.io.InputStream in = FunctionsTest.class.getResourceAsStream("/torch-erf.txt")) {
      lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
          .filter(line -> !line.startsWith("#")).toList();
    }
    long worst = 0;
    int equal = 0;
    for (String line : lines) {
      String[] bits = line.split(" ");
      double x = Double.longBitsToDouble(Long.parseUnsignedLong(bits[0], 16));
      double torch = Double.longBitsToDouble(Long.parseUnsignedLong(bits[1], 16));
      double ours = Functions.erf(x);
      long ulps = Math.abs(Double.doubleToLongBits(ours) - Double.doubleToLongBits(torch));
      worst = Math.max(worst, ulps);
      equal += ulps == 0 ? 1 : 0;
      assertEquals(-ours, Functions.erf(-x), 0, "odd at " + x);
    }
    assertEquals(3375, lines.size());
    assertTrue(worst <= 1, "max ulp error " + worst);
    assertTrue(equal > lines.size() * 9 / 10, equal + " of " + lines.size() + " equal to the bit");
  }

  @Test
  void erfAtSpecialValues() {
    assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Functions.erf(-0.0)));
    assertEquals(1.0, Functions.erf(Double.POSITIVE_INFINITY), 0);
    assertEquals(-1.0, Functions.erf(Double.NEGATIVE_INFINITY), 0);
    assertTrue(Double.isNaN(Functions.erf(Double.NaN)));
    assertEquals(0.5204998778130465, Functions.erf(0.5), 0);
    assertEquals(0.8427007929497149, Functions.erf(1), 0);
  }

  @Test
  void tanhAtTheBranchPointsAndSpecialValues() {
    for (double x : new double[] {0.625, Math.nextDown(0.625), 22, Math.nextUp(22.0), 0.5}) {
      assertTrue(Math.abs(Functions.tanh(x) - Math.tanh(x)) <= 2 * Math.ulp(Math.tanh(x)), "at " + x);
    }
    assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Functions.tanh(-0.0)));
    assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(Functions.tanh(0.0)));
    assertEquals(1.0, Functions.tanh(Double.POSITIVE_INFINITY), 0);
    assertEquals(-1.0, Functions.tanh(Double.NEGATIVE_INFINITY), 0);
    assertTrue(Double.isNaN(Functions.tanh(Double.NaN)));
    assertEquals(Double.MIN_VALUE, Functions.tanh(Double.MIN_VALUE), 0);
  }

  @Test
  void bceClampsEachLogAtMinusOneHundred() {
    assertEquals(100.0, Functions.bce(0, 1), 0);
    assertEquals(100.0, Functions.bce(1, 0), 0);
    assertEquals(0.0, Functions.bce(1, 1), 0);
    assertEquals(50.0, Functions.bce(0, 0.5), 0);
    assertEquals(-Math.log(0.25), Functions.bce(0.25, 1), 0);
    assertEquals(-(0.3 * Math.log(0.6) + 0.7 * Math.log(0.4)), Functions.bce(0.6, 0.3), 1e-15);
    assertTrue(Double.isNaN(Functions.bce(Double.NaN, 1)));
  }

  @Test
  void oneHotPicksTheRoundedClassAndRefusesOneThatIsNotAClass() {
    assertEquals(1.0, Functions.oneHot(1.4, 1, 3));
    assertEquals(0.0, Functions.oneHot(1.4, 2, 3));
    assertEquals(1.0, Functions.oneHot(-0.4, 0, 3));
    ClassIndexException high = assertThrows(ClassIndexException.class, () -> Functions.oneHot(3, 0, 3));
    assertEquals("a class index is 3, not one of the 3 classes (0 to 2)", high.getMessage());
    assertThrows(ClassIndexException.class, () -> Functions.oneHot(-0.6, 0, 3));
    assertEquals("a class index is NaN, not one of the 3 classes (0 to 2)",
        assertThrows(ClassIndexException.class, () -> Functions.oneHot(Double.NaN, 0, 3)).getMessage());
  }

  @Test
  void positionPicksTheRoundedIndexAndRefusesOneOutOfRangeAsAnIndex() {
    assertEquals(1.0, Functions.position(0.6, 1, 3));
    assertEquals(0.0, Functions.position(0.6, 0, 3));
    assertEquals("an index is -1, not one of the 3 positions of its axis (0 to 2)",
        assertThrows(ClassIndexException.class, () -> Functions.position(-1, 0, 3)).getMessage());
    assertThrows(ClassIndexException.class, () -> Functions.position(Double.NaN, 0, 3));
  }
}
