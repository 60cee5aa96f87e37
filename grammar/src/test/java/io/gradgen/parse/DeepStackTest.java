package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeepStackTest {
  @Test
  void aRecursionTooDeepForAnOrdinaryStackCompletes() {
    // 100,000 frames overflow a 1 MB stack (the JVM's default); DeepStack's holds them.
    assertEquals(100_000, DeepStack.call(() -> depth(100_000)));
  }

  @Test
  void whatThePassThrowsIsThrownAsItWas() {
    IllegalArgumentException thrown = new IllegalArgumentException("no");
    assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> DeepStack.call(() -> {
      throw thrown;
    })));
    assertThrows(AssertionError.class, () -> DeepStack.call(() -> {
      throw new AssertionError("no");
    }));
  }

  @Test
  void aPassOnADeepStackCallsItsInnerPassesInPlace() {
    assertEquals(100_000, DeepStack.call(() -> DeepStack.call(() -> depth(100_000))));
  }

  private static int depth(int n) {
    return n == 0 ? 0 : 1 + depth(n - 1);
  }
}
