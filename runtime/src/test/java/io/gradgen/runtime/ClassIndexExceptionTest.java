package io.gradgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassIndexExceptionTest {
  @Test
  void itSaysWhichIndexAndWhichClassesAndThenWhichRow() {
    ClassIndexException e = new ClassIndexException(2.5, 2, 7);
    assertEquals("a class index is 2.5, not one of the 2 classes (0 to 1)", e.getMessage());
    assertEquals(7, e.sample());
    assertEquals(-1, new ClassIndexException(4, 3).sample());
    assertEquals("crop.csv: error: row 5: a class index is 2.5, not one of the 2 classes (0 to 1)",
        e.inRow("crop.csv", 4).getMessage());
  }

  @Test
  void anIndexOutOfRangeSaysItIsAnIndex() {
    ClassIndexException e = ClassIndexException.position(3, 3, 1);
    assertEquals("an index is 3, not one of the 3 positions of its axis (0 to 2)", e.getMessage());
    assertEquals(1, e.sample());
    assertEquals("d.csv: error: row 2: an index is 3, not one of the 3 positions of its axis (0 to 2)",
        e.inRow("d.csv", 1).getMessage());
  }
}
