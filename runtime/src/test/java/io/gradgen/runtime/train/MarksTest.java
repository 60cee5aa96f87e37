package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MarksTest {
  @Test
  void rewindPutsBackTheLastMarkAndRewindEarlierTheOneBefore() {
    double[] buffer = {1, 2};
    Marks marks = new Marks(buffer);
    marks.mark(10);
    buffer[0] = 3;
    marks.mark(11);
    buffer[1] = 4;
    assertEquals(11, marks.rewind());
    assertArrayEquals(new double[] {3, 2}, buffer);
    buffer[0] = 9;
    assertEquals(10, marks.rewindEarlier());
    assertArrayEquals(new double[] {1, 2}, buffer);
  }

  @Test
  void manyMarksKeepOnlyTheLastTwo() {
    double[] buffer = {0};
    Marks marks = new Marks(buffer);
    for (int step = 1; step <= 5; step++) {
      buffer[0] = step;
      marks.mark(step);
    }
    buffer[0] = 99;
    assertEquals(4, marks.rewindEarlier());
    assertArrayEquals(new double[] {4}, buffer);
    assertEquals(5, marks.rewind());
    assertArrayEquals(new double[] {5}, buffer);
  }
}
