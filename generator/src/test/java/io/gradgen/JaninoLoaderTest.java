package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.plan.Method;
import io.gradgen.plan.MethodTooLarge;
import org.junit.jupiter.api.Test;

class JaninoLoaderTest {
  @Test
  void aMethodPastTheJvmsLimitIsNamedNotAnInternalError() {
    // 10,000 statements of 11 bytes each: 110 KB in one method.
    String source = "package p;\npublic final class Big {\n  public double loss(double x) {\n"
        + "    x = x * 1.5 + 2.0;\n".repeat(10_000) + "    return x;\n  }\n}\n";
    MethodTooLarge e = assertThrows(MethodTooLarge.class, () -> JaninoLoader.load("p.Big", source));
    assertEquals(Method.LOSS, e.method());
  }

  @Test
  void sourceThatDoesNotCompileSaysSo() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> JaninoLoader.load("p.Bad", "package p; public final class Bad { int f() { return; } }"));
    assertTrue(e.getMessage().startsWith("generated source for p.Bad does not compile"), e.getMessage());
  }
}
