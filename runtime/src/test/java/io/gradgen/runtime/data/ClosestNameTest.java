package io.gradgen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {

  @Test
  void smallestEditDistanceIgnoringCase() {
    assertEquals("Rainfall", ClosestName.closest("rainfal", List.of("Temperature", "Rainfall", "Humidity")));
    assertEquals(3, ClosestName.distance("kitten", "sitting"));
    assertNull(ClosestName.closest("x", List.of()));
  }
}
