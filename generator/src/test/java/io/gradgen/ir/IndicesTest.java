package io.gradgen.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndicesTest {
  private static final Shape M = Shape.matrix(2, 3);

  @Test
  void anElementOfAVectorIsAScalarAtItsPosition() {
    Indices v2 = new Indices(List.of(2), Shape.vector(4));
    assertEquals(2, v2.offset());
    assertEquals(Shape.SCALAR, v2.resultShape());
  }

  @Test
  void anElementOfAMatrixIsAtRowTimesColumnsPlusColumn() {
    Indices m12 = new Indices(List.of(1, 2), M);
    assertEquals(5, m12.offset());
    assertEquals(Shape.SCALAR, m12.resultShape());
  }

  @Test
  void oneIndexIntoAMatrixIsARowStartingAtItsFirstElement() {
    Indices row1 = new Indices(List.of(1), M);
    assertEquals(3, row1.offset());
    assertEquals(Shape.vector(3), row1.resultShape());
  }

  @Test
  void noIndicesTooManyOrOutOfRangeAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Indices(List.of(), M));
    assertThrows(IllegalArgumentException.class, () -> new Indices(List.of(0, 0, 0), M));
    assertThrows(IllegalArgumentException.class, () -> new Indices(List.of(0), Shape.SCALAR));
    assertThrows(IllegalArgumentException.class, () -> new Indices(List.of(2, 0), M));
    assertThrows(IllegalArgumentException.class, () -> new Indices(List.of(0, 3), M));
    assertThrows(IllegalArgumentException.class, () -> new Indices(List.of(-1), Shape.vector(4)));
  }

  @Test
  void indicesAreEqualByPositionsAndSource() {
    assertEquals(new Indices(List.of(1, 2), M), new Indices(List.of(1, 2), M));
    assertEquals(false, new Indices(List.of(1), M).equals(new Indices(List.of(1), Shape.vector(3))));
  }
}
