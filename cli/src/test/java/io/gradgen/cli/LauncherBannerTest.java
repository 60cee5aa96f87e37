package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LauncherBannerTest {

  @Test
  void clearsAsManyLinesAsTheBannerTakes() {
    String oneLine = "\u001b[1A\u001b[2K";
    assertEquals(oneLine + "\r", LauncherBanner.sequence(55, 80));
    assertEquals(oneLine + "\r", LauncherBanner.sequence(55, 55));
    assertEquals(oneLine.repeat(2) + "\r", LauncherBanner.sequence(55, 54));
    assertEquals(oneLine + "\r", LauncherBanner.sequence(55, 0));
  }

  /** Only the launcher asks, and only for a JVM that printed the banner (the tests run with the module). */
  @Test
  void erasesOnlyWhenAskedAndAnIncubatorModuleIsThere() {
    assertEquals("", erased(null));
    assertEquals("", erased("keep"));
    assertEquals("", erased("erase:wide"));
    assertEquals("\u001b[1A\u001b[2K\r", erased("erase:120"));
  }

  private static String erased(String request) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LauncherBanner.erase(request, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
