package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link NumpyRandom} against values printed by NumPy's own {@code RandomState} (NumPy 2.4). */
class NumpyRandomTest {

  @Test
  void randomSampleMatchesNumpy() {
    NumpyRandom random = new NumpyRandom(42);
    assertEquals(0.3745401188473625, random.randomSample(), 0);
    assertEquals(0.9507143064099162, random.randomSample(), 0);
    assertEquals(0.7319939418114051, random.randomSample(), 0);
  }

  @Test
  void randnUsesThePolarMethodAndCachesTheSecondValue() {
    NumpyRandom random = new NumpyRandom(42);
    assertEquals(0.4967141530112327, random.standardNormal(), 0);
    assertEquals(-0.13826430117118466, random.standardNormal(), 0);
    assertEquals(0.6476885381006925, random.standardNormal(), 0);
  }

  @Test
  void longRunsStayOnNumpysStream() {
    double[] values = new NumpyRandom(0).randn(10000);
    assertEquals(0.30972382493129846, values[5000], 0);
    assertEquals(1.2981114320305154, values[9999], 0);
  }

  @Test
  void shuffleIsLegacyFisherYates() {
    assertArrayEquals(new int[] {2, 8, 4, 9, 1, 6, 7, 3, 0, 5}, new NumpyRandom(0).permutation(10));
    NumpyRandom random = new NumpyRandom(42);
    random.rand(100);
    random.randn(100);
    int[] idx = random.permutation(100);
    assertArrayEquals(new int[] {76, 83, 80, 98, 2, 77, 71, 84, 89, 50}, java.util.Arrays.copyOf(idx, 10));
    assertArrayEquals(
        new int[] {36, 5, 45, 99, 43, 16, 48, 94, 34, 3, 18, 47, 60, 68, 63, 27, 96, 29, 20, 97},
        java.util.Arrays.copyOfRange(idx, 80, 100));
  }

  @Test
  void normalAndUniformScaleTheBaseDraws() {
    NumpyRandom random = new NumpyRandom(4294967295L);
    assertEquals(0.0976320289940138, random.randomSample(), 0);
    assertEquals(2.0243911004351807, random.normal(2, 0.3), 0);
    assertEquals(-0.4155313760242465, random.uniform(-1, 3), 0);
  }

  @Test
  void logIsCorrectlyRounded() {
    assertEquals(-0.6931471805599453, NumpyRandom.log(0.5), 0);
    assertEquals(-2.3025850929940455, NumpyRandom.log(0.1), 0);
    assertEquals(0, NumpyRandom.log(1), 0);
    assertEquals(-744.4400719213812, NumpyRandom.log(Double.MIN_VALUE), 0);
    assertEquals(Math.log(0.999999), NumpyRandom.log(0.999999), Math.ulp(Math.log(0.999999)));
  }

  @Test
  void seedsOutsideNumpysRangeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(-1));
    assertThrows(IllegalArgumentException.class, () -> new NumpyRandom(1L << 32));
  }
}
