package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThinnedTest {
  @Test
  void everyItemUntilFullThenEvenlySpaced() {
    Thinned<Long> thinned = new Thinned<>(4);
    for (long i = 0; i < 10; i++) {
      thinned.add(i, i);
    }
    assertEquals(List.of(0L, 4L, 8L), thinned.items());
  }

  @Test
  void aLongSequenceStaysWithinItsCapacityAndEvenlySpread() {
    Thinned<Long> thinned = new Thinned<>(1000);
    for (long i = 0; i < 10_000_000; i++) {
      thinned.add(i, i);
    }
    List<Long> items = thinned.items();
    assertTrue(items.size() <= 1000 && items.size() > 500, "size " + items.size());
    long stride = items.get(1) - items.get(0);
    for (int k = 1; k < items.size(); k++) {
      assertEquals(stride, items.get(k) - items.get(k - 1));
    }
    assertEquals(0L, items.get(0));
  }

  @Test
  void aCapacityBelowTwoCannotThin() {
    assertThrows(IllegalArgumentException.class, () -> new Thinned<Long>(1));
  }
}
