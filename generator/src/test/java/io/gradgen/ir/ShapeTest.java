package io.gradgen.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeTest {

  @Test
  void aScalarHasNoDimensionsAndOneElement() {
    assertTrue(Shape.SCALAR.isScalar());
    assertEquals(0, Shape.SCALAR.rank());
    assertEquals(1, Shape.SCALAR.size());
    assertEquals("[]", Shape.SCALAR.toString());
  }

  @Test
  void vectorsAndMatricesKnowTheirSizes() {
    Shape m = Shape.matrix(2, 3);
    assertFalse(m.isScalar());
    assertEquals(2, m.rank());
    assertEquals(6, m.size());
    assertEquals(3, m.dim(1));
    assertEquals("[2, 3]", m.toString());
    assertEquals(5, Shape.vector(5).size());
    assertEquals("[5]", Shape.vector(5).toString());
  }

  @Test
  void shapesBroadcastFromTheRightWhereASizeIsOne() {
    Shape m23 = Shape.matrix(2, 3);
    assertEquals(m23, Shape.broadcast(m23, Shape.vector(3)).orElseThrow());
    assertEquals(m23, Shape.broadcast(Shape.vector(3), m23).orElseThrow());
    assertEquals(m23, Shape.broadcast(Shape.matrix(2, 1), Shape.matrix(1, 3)).orElseThrow());
    assertEquals(m23, Shape.broadcast(Shape.matrix(2, 1), Shape.vector(3)).orElseThrow());
    assertEquals(m23, Shape.broadcast(m23, Shape.matrix(1, 1)).orElseThrow());
    assertEquals(m23, Shape.broadcast(Shape.SCALAR, m23).orElseThrow());
    assertEquals(Shape.vector(3), Shape.broadcast(Shape.vector(3), Shape.vector(1)).orElseThrow());
    assertEquals(Shape.matrix(1, 3), Shape.broadcast(Shape.vector(3), Shape.matrix(1, 3)).orElseThrow());
    assertEquals(Shape.matrix(1, 1), Shape.broadcast(Shape.vector(1), Shape.matrix(1, 1)).orElseThrow());
    assertEquals(Shape.SCALAR, Shape.broadcast(Shape.SCALAR, Shape.SCALAR).orElseThrow());
  }

  @Test
  void shapesWhoseSizesDifferAndAreNotOneDoNotBroadcast() {
    assertTrue(Shape.broadcast(Shape.matrix(2, 3), Shape.vector(2)).isEmpty());
    assertTrue(Shape.broadcast(Shape.vector(3), Shape.vector(2)).isEmpty());
    assertTrue(Shape.broadcast(Shape.matrix(3, 1), Shape.matrix(2, 4)).isEmpty());
    assertTrue(Shape.broadcast(Shape.matrix(2, 3), Shape.matrix(3, 2)).isEmpty());
  }

  @Test
  void shapesAreEqualByTheirDimensions() {
    assertEquals(Shape.matrix(2, 3), new Shape(List.of(2, 3)));
    assertEquals(Shape.SCALAR, new Shape(List.of()));
    assertFalse(Shape.vector(6).equals(Shape.matrix(2, 3)));
  }

  @Test
  void onlyAMatrixTransposes() {
    assertEquals(Shape.matrix(3, 2), Shape.matrix(2, 3).transposed());
    assertThrows(IllegalArgumentException.class, () -> Shape.vector(3).transposed());
    assertThrows(IllegalArgumentException.class, Shape.SCALAR::transposed);
  }

  @Test
  void rankAboveTwoAndSizesBelowOneAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Shape(List.of(2, 2, 2)));
    assertThrows(IllegalArgumentException.class, () -> Shape.vector(0));
    assertThrows(IllegalArgumentException.class, () -> Shape.matrix(2, -1));
  }
}
