package io.gradgen.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Quoting for DOT: what could end the string or become an escape is escaped, nothing else changes. */
class DotStringsTest {

  @Test
  void plainTextIsOnlyQuoted() {
    assertEquals("\"w @ x + b\"", DotStrings.quoted("w @ x + b"));
    assertEquals("\"ŷ = σ(z) · 2\"", DotStrings.quoted("ŷ = σ(z) · 2"));
  }

  @Test
  void quotesAndBackslashesAreEscaped() {
    assertEquals("\"data \\\"a.csv\\\"\"", DotStrings.quoted("data \"a.csv\""));
    // \N would be the node's name and \l a left-justified break: a backslash must stay one.
    assertEquals("\"a\\\\N b\\\\l\"", DotStrings.quoted("a\\N b\\l"));
  }

  @Test
  void aNewlineIsDotsLineBreak() {
    assertEquals("\"mul\\n(2)\"", DotStrings.quoted("mul\n(2)"));
  }

  @Test
  void controlCharactersAreShownAsTheirCodes() {
    assertEquals("\"a\\\\u0000b\\\\u000dc\\\\u0009\"", DotStrings.quoted("a\0b\rc\t"));
  }
}
