package io.gradgen.check;

import static io.gradgen.check.Models.check;
import static io.gradgen.check.Models.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.runtime.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgumentsTest {
  private static final String A_B = "param a[2]\nparam b[2]";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "exp(a, a)                    | 4:10 exp takes 1 argument, not 2 in 'exp(a, a)'",
        "huber(a, b, 1, 2)            | 4:10 huber takes 3 arguments, not 4 in 'huber(a, b, 1, 2)'",
        "mse(a, b, delta = 1)         | 4:20 mse has no argument 'delta'",
        "huber(a, b, dleta = 1)       | 4:22 huber has no argument 'dleta'; did you mean 'delta'?",
        "huber(a, delta = 1, b)       | 4:30 a positional argument cannot follow a named one in 'huber(a, delta = 1, b)'",
        "huber(a, b, delta = 1, delta = 2) | 4:33 argument 'delta' is given twice",
        "huber(a, b, a = b)           | 4:22 argument 'a' is given twice",
        "mse(a)                       | 4:10 mse needs argument 'b' in 'mse(a)'",
        "mse(b = a)                   | 4:10 mse needs argument 'a' in 'mse(b = a)'",
      })
  void aCallsArgumentsFitItsParameters(String call, String message) {
    assertEquals("m.model:" + message.replaceFirst(" ", ": error: "), error(A_B, "loss sum(" + call + ")"));
  }

  @Test
  void aMissingArgumentIsReportedOnlyOnceTheEarlierOnesAreLowered() {
    // The first argument's own mistake comes first, as the arguments are lowered in order.
    assertEquals("m.model:4:10: error: unknown name 'zzz'", error(A_B, "loss mse(zzz)"));
  }

  @Test
  void aDefaultIsTheValueOfAnArgumentLeftOut() {
    assertEquals(check(A_B, "loss huber(a, b, delta = 1)").forward().nodes(),
        check(A_B, "loss huber(a, b)").forward().nodes());
    assertEquals(check(A_B, "loss huber(a, b, 1)").forward().nodes(),
        check(A_B, "loss huber(b = b, a = a)").forward().nodes());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "randn(1, 2, 3)       | 2:23 randn has no argument '#3'",
        "randn(sed = 1)       | 2:17 randn has no argument 'sed'; did you mean 'seed'?",
        "randn(std = 1, 5)    | 2:26 argument 'std' is given twice",
        "randn(1, seed = 2)   | 2:20 argument 'seed' is given twice",
        "zeros(1)             | 2:17 zeros has no argument '#1'",
      })
  void anInitialisersArgumentsAreMatchedByTheirOlderRules(String call, String message) {
    assertEquals("m.model:" + message.replaceFirst(" ", ": error: "), error("param w = " + call, "loss w"));
  }

  @Test
  void anInitialiserTakesAPositionalArgumentAfterANamedOne() {
    // The third argument takes the third parameter, seed, whatever the first two named.
    assertEquals(new Init.Uniform(1, 2, 7L),
        check("param w = uniform(hi = 2, lo = 1, 7)", "loss w").layout().param("w").orElseThrow().init());
  }
}
