package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShuffleTest {

  @Test
  void isAPermutation() {
    int[] order = Shuffle.permutation(7, 3, 100);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    assertArrayEquals(IntStream.range(0, 100).toArray(), sorted);
  }

  @Test
  void dependsOnlyOnSeedAndEpoch() {
    assertArrayEquals(Shuffle.permutation(7, 3, 50), Shuffle.permutation(7, 3, 50));
    assertFalse(Arrays.equals(Shuffle.permutation(7, 3, 50), Shuffle.permutation(7, 4, 50)));
    assertFalse(Arrays.equals(Shuffle.permutation(7, 3, 50), Shuffle.permutation(8, 3, 50)));
    assertFalse(Arrays.equals(IntStream.range(0, 50).toArray(), Shuffle.permutation(7, 0, 50)));
  }
}
