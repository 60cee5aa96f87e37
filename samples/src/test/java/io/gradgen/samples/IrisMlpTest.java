package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Sample 12, {@code iris-mlp.model}: LANGUAGE.md's Iris classifier (4-16-3, relu, softmax_ce with
 * label smoothing, kaiming_uniform, adam with weight decay, plateau, early stopping restoring the
 * best epoch, an accuracy metric) on scikit-learn's iris.csv, 120 training and 30 validation rows.
 * The PyTorch script {@code samples/pytorch/iris_mlp.py} reaches a validation accuracy of 1 with
 * the same settings, from gradgen's initial parameters and from five default initialisations.
 */
class IrisMlpTest {
  private final Samples.Sample sample = Samples.load("iris-mlp.model");
  private final TrainingResult result = sample.train();

  @Test
  void classifiesTheValidationRowsAsPyTorchDoes() {
    assertEquals(1, result.metrics().length);
    double train = result.metrics()[0];
    double validation = result.validationMetrics()[0];
    // a mean of 0s and 1s: a whole number of the 120 training and 30 validation rows
    assertEquals(Math.rint(train * 120), train * 120, 1e-9);
    assertEquals(Math.rint(validation * 30), validation * 30, 1e-9);
    assertTrue(validation >= 29.0 / 30, "validation accuracy " + validation);
    assertTrue(train >= 0.95, "training accuracy " + train);
  }

  @Test
  void stopsEarlyAndKeepsTheBestEpoch() {
    assertEquals(TrainingResult.Stopped.EARLY_STOPPING, result.stopped());
    int best = result.bestEpoch();
    assertEquals(best + 30, result.epochs(), "stopped after 30 epochs without improvement");
    double lowest = Double.POSITIVE_INFINITY;
    for (EpochRecord record : result.history()) {
      lowest = Math.min(lowest, record.validationLoss());
    }
    EpochRecord bestRecord = result.history().get(best - 1);
    assertEquals(lowest, bestRecord.validationLoss(), "the best epoch has the lowest validation loss");
    assertEquals(bestRecord.validationLoss(), result.validationLoss(), "the result is the best epoch's parameters");
    assertEquals(bestRecord.validationMetrics()[0], result.validationMetrics()[0]);
  }

  @Test
  void thePlateauHalvesTheRate() {
    double first = result.history().get(0).learningRate();
    assertEquals(0.01, first);
    for (EpochRecord record : result.history()) {
      double ratio = record.learningRate() / first;
      int halvings = (int) Math.round(-Math.log(ratio) / Math.log(2));
      assertEquals(Math.pow(0.5, halvings), ratio, 1e-12, "epoch " + record.epoch());
    }
    assertTrue(result.history().get(result.epochs() - 1).learningRate() < first, "the rate fell at least once");
  }
}
