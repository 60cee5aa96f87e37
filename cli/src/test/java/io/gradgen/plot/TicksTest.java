package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {

  @Test
  void roundStepsInsideTheRange() {
    assertEquals(List.of(2.0, 4.0, 6.0, 8.0), Ticks.between(0.3, 9.7, 5));
    assertEquals(List.of(-15.0, -10.0, -5.0, 0.0), Ticks.between(-18.2, 4.1, 4).subList(0, 4));
    assertEquals(List.of(0.0, 0.5, 1.0), Ticks.between(0, 1, 2));
  }

  @Test
  void zeroIsExactlyZeroAfterRepeatedSteps() {
    assertEquals(0.0, Ticks.between(-0.3, 0.3, 6).get(3));
  }

  @Test
  void labelsAreShort() {
    assertEquals("0", Ticks.label(0));
    assertEquals("-12", Ticks.label(-12));
    assertEquals("15000", Ticks.label(15000));
    assertEquals("0.5", Ticks.label(0.5));
    assertEquals("0.1235", Ticks.label(0.123456));
    assertEquals("1e-05", Ticks.label(1e-5));
    assertEquals("2.5e+06", Ticks.label(2.5e6));
    assertEquals("-1.2e+154", Ticks.label(-1.2e154));
  }

  @Test
  void powersOfTenBeyondDoubles() {
    assertEquals("0.01", Ticks.powerOfTen(-2));
    assertEquals("1e+250", Ticks.powerOfTen(250));
    assertEquals("1e+320", Ticks.powerOfTen(320));
    assertEquals("1e-400", Ticks.powerOfTen(-400));
  }
}
