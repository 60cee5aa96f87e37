package io.gradgen.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void valuesAreEqualByTheirElements() {
    assertEquals(new Values(1, 2.5), new Values(1, 2.5));
    assertEquals(new Values(1, 2.5).hashCode(), new Values(1, 2.5).hashCode());
    assertNotEquals(new Values(1, 2.5), new Values(2.5, 1));
    assertNotEquals(new Values(1), new Values(1, 1));
  }

  /** Two constants are one node exactly when they hold the same bits: −0.0 is not 0.0, NaN is NaN. */
  @Test
  void negativeZeroIsAnotherValueAndNaNIsItself() {
    assertNotEquals(new Values(0.0), new Values(-0.0));
    assertEquals(new Values(Double.NaN), new Values(0.0 / 0.0));
  }

  @Test
  void allEqualComparesAsDoublesSoNegativeZeroIsZero() {
    assertTrue(new Values(0.0, -0.0).allEqual(0));
    assertTrue(new Values(-0.0).allEqual(0.0));
    assertTrue(new Values(3, 3, 3).allEqual(3));
    assertFalse(new Values(3, 3, 3.0000000000000004).allEqual(3));
    assertFalse(new Values(Double.NaN).allEqual(Double.NaN));
  }

  @Test
  void theElementsAreCopiedInAndOut() {
    double[] elements = {1, 2};
    Values values = new Values(elements);
    elements[0] = 9;
    values.toArray()[1] = 9;
    assertArrayEquals(new double[] {1, 2}, values.toArray());
    assertEquals(2, values.size());
    assertEquals(2, values.get(1));
  }

  @Test
  void oneValuePrintsAsANumberSeveralAsAList() {
    assertEquals("2.5", new Values(2.5).toString());
    assertEquals("[1.0, -0.0]", new Values(1, -0.0).toString());
  }
}
