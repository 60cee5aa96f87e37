package io.gradgen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.runtime.train.RangeSums;
import org.junit.jupiter.api.Test;

class CutsTest {

  @Test
  void cutsFallOnBlocksCountedFromEachSidesFirstRow() {
    assertEquals("[0, 16384, 40000]", Cuts.of(40_000, 40_000, 2).toString());
    assertEquals("[0, 0, 80, 100]", Cuts.of(100, 80, 3).toString());
    // 160,000 training rows (10 blocks, the last short) and 40,000 validation rows (3 blocks from row 160,000).
    Cuts cuts = Cuts.of(200_000, 160_000, 7);
    for (int p = 0; p <= 7; p++) {
      int start = p < 7 ? cuts.start(p) : cuts.end(6);
      boolean onTraining = start <= 160_000 && (start % RangeSums.BLOCK_ROWS == 0 || start == 160_000);
      boolean onValidation = start >= 160_000 && ((start - 160_000) % RangeSums.BLOCK_ROWS == 0 || start == 200_000);
      assertEquals(true, onTraining || onValidation, "cut " + start);
    }
    assertEquals(0, cuts.start(0));
    assertEquals(200_000, cuts.end(6));
  }

  @Test
  void aPositionIsInTheNonEmptyPartThatHoldsIt() {
    Cuts cuts = Cuts.of(100, 80, 3); // [0, 0, 80, 100]
    assertEquals(1, cuts.partitionOf(0));
    assertEquals(1, cuts.partitionOf(79));
    assertEquals(2, cuts.partitionOf(80));
    assertEquals(2, cuts.partitionOf(99));
    Cuts one = Cuts.of(1, 1, 1);
    assertEquals(0, one.partitionOf(0));
  }
}
