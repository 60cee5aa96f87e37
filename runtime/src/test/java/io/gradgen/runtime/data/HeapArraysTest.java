package io.gradgen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HeapArraysTest {
  private static final Path FILE = Path.of("big.npy");

  @Test
  void anArrayThatFitsIsAllocated() {
    assertEquals(33, HeapArrays.doubles(FILE, 33).length);
    assertEquals(33, HeapArrays.floats(FILE, 33).length);
  }

  @Test
  void dataBeyondTheHeapIsOneLineNamingTheFileAndTheHeapToAskFor() {
    // 16 GiB of doubles: more than the test JVM's heap on any machine this runs on.
    assumeTrue(Runtime.getRuntime().maxMemory() < 15L << 30, "the test JVM's heap could hold 16 GiB");
    DataException e = assertThrows(DataException.class, () -> HeapArrays.doubles(FILE, Integer.MAX_VALUE - 8));
    String message = e.getMessage();
    assertTrue(message.startsWith("big.npy: error: its values need 16383 MB, more than the JVM's heap of "), message);
    assertTrue(message.endsWith(" MB can hold: run Java with -Xmx17g or more (for the gradgen command, GRADGEN_JAVA_OPTS=-Xmx17g)"), message);
    assertEquals(-1, message.indexOf('\n'));
  }

  @Test
  void theSuggestedHeapLeavesRoomBesideTheData() {
    String message = HeapArrays.tooBig(FILE, 132L << 20).getMessage();
    assertTrue(message.contains("need 132 MB") && message.contains("-Xmx1g or more"), message);
  }
}
