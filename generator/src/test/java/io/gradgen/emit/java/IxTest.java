package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.ir.Shape;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IxTest {
  private static final Ix I = Ix.variable("i");
  private static final Ix K = Ix.variable("k");

  @Test
  void constantsFold() {
    assertEquals("4", Ix.of(1).times(3).plus(1).code());
    assertTrue(Ix.of(1).times(3).plus(1).isConstant());
    assertEquals("i", I.plus(0).code());
    assertEquals("i", Ix.of(0).plus(I).code());
    assertEquals("i", I.times(1).code());
  }

  @Test
  void aSumThatIsMultipliedKeepsItsParentheses() {
    assertEquals("(k + 1) * 3 + i", K.plus(1).times(3).plus(I).code());
    assertFalse(K.plus(1).times(3).plain(), "parentheses make an index not plain");
    assertEquals("i * 3 + k", I.times(3).plus(K).code());
    assertTrue(I.times(3).plus(K).plain());
  }

  @Test
  void anIndexKnowsTheLoopVariablesItReads() {
    Ix flat = I.times(3).plus(K);
    assertEquals(Set.of("i", "k"), flat.variables());
    assertTrue(flat.reads(K));
    assertFalse(flat.reads(Ix.variable("j")));
    assertFalse(Ix.of(3).reads(K), "a constant reads nothing");
    assertFalse(flat.reads(Ix.of(0)));
  }

  @Test
  void flattenAndUnflattenAreRowMajor() {
    Shape matrix = Shape.matrix(2, 3);
    assertEquals("i * 3 + k", Ix.flatten(matrix, new Ix[] {I, K}).code());
    assertEquals("k", Ix.flatten(Shape.vector(5), new Ix[] {K}).code());
    assertEquals("0", Ix.flatten(Shape.SCALAR, new Ix[0]).code());
    assertArrayEquals(new Ix[] {Ix.of(1), Ix.of(1)}, Ix.unflatten(matrix, 4));
    Ix[] rolled = Ix.unflatten(matrix, K.plus(1));
    assertEquals("(k + 1) / 3", rolled[0].code());
    assertEquals("(k + 1) % 3", rolled[1].code());
    assertTrue(rolled[0].reads(K));
    assertFalse(rolled[0].plain());
    assertArrayEquals(new Ix[] {Ix.of(2)}, Ix.unflatten(Shape.vector(5), Ix.of(2)));
  }
}
