package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  @Test
  void theClosestNameWithinAFewEditsIsSuggested() {
    assertEquals("; did you mean 'sigmoid'?", Suggestions.didYouMean("sigmod", List.of("sigmoid", "sin", "tanh")));
    assertEquals("; did you mean 'adam'?", Suggestions.didYouMean("adm", Set.of("adam", "sgd", "adamw")));
  }

  @Test
  void nothingIsSuggestedWhenNothingIsClose() {
    assertEquals("", Suggestions.didYouMean("softmax", List.of("exp", "log")));
    assertEquals("", Suggestions.didYouMean("w", List.of()));
    // A short name tolerates one edit: 'ab' is two from 'cd'.
    assertEquals("", Suggestions.didYouMean("ab", List.of("cd")));
    assertEquals("; did you mean 'ac'?", Suggestions.didYouMean("ab", List.of("ac")));
  }

  @Test
  void caseDoesNotCountAsAnEdit() {
    assertEquals("; did you mean 'Rainfall'?", Suggestions.didYouMean("RAINFAL", List.of("Rainfall", "Humidity")));
  }

  @Test
  void aTieIsBrokenTheSameWayWhateverTheOrder() {
    assertEquals(Suggestions.didYouMean("c", List.of("b", "a")), Suggestions.didYouMean("c", List.of("a", "b")));
    assertEquals("; did you mean 'a'?", Suggestions.didYouMean("c", List.of("b", "a")));
  }
}
