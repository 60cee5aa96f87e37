package io.gradgen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecimalTest {

  @Test
  void plainDecimalsOnly() {
    for (String ok : new String[] {"0", "-1.5", "+3", ".5", "2.", "6.02e23", "1E-7"}) {
      assertTrue(Decimal.isDecimal(ok), ok);
    }
    for (String bad : new String[] {"", "-", ".", "NaN", "Infinity", "0x1p3", "1d", "1f", "1e", "1e+", "1,5", "1 2"}) {
      assertFalse(Decimal.isDecimal(bad), bad);
    }
  }
}
