package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UnbalancedBracketsTest {
  @Test
  void balancedTextHasNoProblem() {
    assertTrue(UnbalancedBrackets.find("model M\nconst A[2,2] = [[1, 2],\n  [3, 4]]\ntrain { epochs 3 }\n", "m").isEmpty());
  }

  @Test
  void theOutermostUnclosedOpenerIsNamed() {
    assertEquals("m:2:6: error: '(' is never closed", message("model M\nloss (f(x) + (2\n"));
  }

  @Test
  void aCloserThatClosesNothingOrTheWrongKind() {
    assertEquals("m:2:7: error: ']' closes nothing", message("model M\nloss x]\n"));
    assertEquals("m:2:13: error: '}' does not close the '(' at 2:6", message("model M\nloss (x + 2 }\n"));
  }

  @Test
  void bracketsInCommentsAndStringsDoNotCount() {
    assertTrue(UnbalancedBrackets.find("model M // (\ndata \"a(b.csv\"\n/* [ */ loss x\n", "m").isEmpty());
  }

  private static String message(String source) {
    return UnbalancedBrackets.find(source, "m").orElseThrow().format();
  }
}
