package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JavaTokensTest {
  @Test
  void countsTokensNotCharacters() {
    assertEquals(9, JavaTokens.count("double h_0 = (w_0_0 * x_0);"));
    assertEquals(9, JavaTokens.count("double a_long_name = (another_long_name * yet_another_one);"));
  }

  @Test
  void aDottedNameIsOneTokenAndACommentNone() {
    assertEquals(JavaTokens.count("Math.exp(x);"), JavaTokens.count("io.gradgen.runtime.Functions.tanh(x);"));
    assertEquals(5, JavaTokens.count("// yhat = w @ x + b  (9:1)\nMath.exp(x);"));
  }

  @Test
  void aNumberIsOneTokenExponentIncluded() {
    assertEquals(1, JavaTokens.count("1.0E-12"));
    assertEquals(3, JavaTokens.count("2.5 + 3"));
    assertEquals(4, JavaTokens.count("p[12]"));
  }
}
