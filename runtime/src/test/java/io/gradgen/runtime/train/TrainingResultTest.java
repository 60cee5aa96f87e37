package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrainingResultTest {

  @Test
  void stopReasonsAreSpelledAsInTheJson() {
    assertEquals("epochs", TrainingResult.Stopped.EPOCHS.keyword());
    assertEquals("early-stopping", TrainingResult.Stopped.EARLY_STOPPING.keyword());
    assertEquals("diverged", TrainingResult.Stopped.DIVERGED.keyword());
  }
}
