package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed example 9, {@code batch-sizes.model} on the 100 rows of the line-fit data, 50 epochs: an
 * epoch is 1 update with the full batch, ⌈100/16⌉ = 7 with batch 16 and 100 with batch 1. Full
 * batch descends smoothly (the epoch loss falls every epoch); stochastic descent is noisy (its
 * epoch loss rises again in at least 10 of the 49 epoch-to-epoch changes) but gets low in fewer
 * epochs (below 0.02 after 2 epochs, where full batch is still above 1).
 */
class BatchSizesTest {
  private final Samples.Sample sample = Samples.load("batch-sizes.model");

  @Test
  void anEpochIsOneSevenOrAHundredUpdates() {
    assertEquals(50, sample.train(Samples.withBatch(sample.config(), 0)).steps());
    assertEquals(350, sample.train().steps());
    assertEquals(5000, sample.train(Samples.withBatch(sample.config(), 1)).steps());
  }

  @Test
  void theCommandReportsTheSteps() {
    Samples.Run run = Samples.cli("train", Samples.path("batch-sizes.model"), "--batch", "1", "--quiet");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("after 50 epochs, 5000 steps"), run.out());
  }

  @Test
  void fullBatchIsSmoothAndStochasticIsNoisy() {
    List<EpochRecord> full = sample.train(Samples.withBatch(sample.config(), 0)).history();
    List<EpochRecord> stochastic = sample.train(Samples.withBatch(sample.config(), 1)).history();
    assertEquals(0, rises(full), "full batch loss rose");
    assertTrue(rises(stochastic) >= 10, "stochastic loss rose only " + rises(stochastic) + " times");
    assertTrue(stochastic.get(1).trainLoss() < 0.02, "" + stochastic.get(1).trainLoss());
    assertTrue(full.get(1).trainLoss() > 1, "" + full.get(1).trainLoss());
  }

  @Test
  void allThreeEndNearTheLine() {
    for (int batch : new int[] {1, 16}) {
      TrainingResult result = sample.train(Samples.withBatch(sample.config(), batch));
      assertEquals(1.02, result.params()[0], 0.05, "a with batch " + batch);
      assertEquals(1.97, result.params()[1], 0.05, "b with batch " + batch);
    }
    TrainingResult full = sample.train(Samples.withEpochs(Samples.withBatch(sample.config(), 0), 2000));
    assertEquals(1.02, full.params()[0], 0.05);
    assertEquals(1.97, full.params()[1], 0.05);
  }

  private static int rises(List<EpochRecord> history) {
    int rises = 0;
    for (int i = 1; i < history.size(); i++) {
      if (history.get(i).trainLoss() > history.get(i - 1).trainLoss()) {
        rises++;
      }
    }
    return rises;
  }
}
