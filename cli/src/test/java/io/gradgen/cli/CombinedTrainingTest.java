package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #20's parts as one PyTorch user's classifier trains them through {@code gradgen train}:
 * kaiming_uniform weights, softmax_ce with label smoothing, metrics reading argmax, softmax and an
 * index from data, adam with weight decay and amsgrad, a plateau schedule and early stopping that
 * restores the best epoch; and adagrad under warmup-then-cosine on a broadcast outer product of
 * matrix inputs. Each part has its own tests; these check what only shows when they meet.
 */
class CombinedTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CLASSIFIER = """
      model Classifier
      data "cls.csv"
      input  x[4] <- a, b, c, d
      target k <- k
      param W1[16,4] = kaiming_uniform(seed = 1)
      param b1[16]   = 0
      param W2[3,16] = kaiming_uniform(seed = 2)
      param b2[3]    = 0
      h = relu(W1 @ x + b1)
      output z = W2 @ h + b2
      loss softmax_ce(z, k, label_smoothing = 0.1)
      metric accuracy = argmax(z) == k
      metric pk = softmax(z)[k]
      metric top = max(z, axis = 0)
      train {
        optimizer adam(lr = 0.03, weight_decay = 1e-4, amsgrad = true)
        batch 16  epochs 60  shuffle seed 3  split 0.8
        schedule plateau(factor = 0.5, patience = 3)
        stop patience 5, restore_best
      }
      """;

  private static final String OUTER = """
      model Outer
      data "cls.csv"
      input col[3,1] <- a, b, c
      input row[1,2] <- d, k
      target k <- k
      param W[3,2] = kaiming_uniform(seed = 5)
      param g[2] = 1
      O = col * row
      z = sum(W * O * g, axis = 1)
      loss softmax_ce(z, k, label_smoothing = 0.2) + 0.01 * sum(O[k] * W[k])
      metric acc = argmax(z) == k
      metric big = sum(O > 0.5) / 6
      train {
        optimizer adagrad(lr = 0.1, lr_decay = 0.01, weight_decay = 0.001)
        batch 4  epochs 25  shuffle seed 9  split 0.7
        schedule warmup(5) then cosine(20)
      }
      """;

  /** 60 rows of three noisy classes: the same file on every machine (SplittableRandom is specified). */
  private static Path data(Path dir) throws IOException {
    SplittableRandom random = new SplittableRandom(20);
    StringBuilder csv = new StringBuilder("a,b,c,d,k\n");
    for (int row = 0; row < 60; row++) {
      int k = row % 3;
      for (int column = 0; column < 4; column++) {
        double mean = 0.7 * k + 0.1 * column;
        csv.append(String.format(Locale.ROOT, "%.3f,", mean + 1.2 * (random.nextDouble() * 2 - 1)));
      }
      csv.append(k).append('\n');
    }
    return Files.writeString(dir.resolve("cls.csv"), csv);
  }

  private static Path model(Path dir, String text) throws IOException {
    data(dir);
    return Files.writeString(dir.resolve("m.model"), text);
  }

  private static JsonNode train(Path model, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("train", model.toString(), "--json", "--quiet"));
    args.addAll(List.of(options));
    CliRun run = CliRun.of(args.toArray(new String[0]));
    assertEquals(0, run.status(), run.err());
    return JSON.readTree(run.out());
  }

  @Test
  void restoreBestReportsTheBestEpochsMetricsAndValidationLoss(@TempDir Path dir) throws IOException {
    Path model = model(dir, CLASSIFIER);
    Path history = dir.resolve("h.csv");
    JsonNode result = train(model, "--history", history.toString());
    assertEquals("early-stopping", result.get("stopped").asText(), result.toString());
    int best = result.get("bestEpoch").asInt();
    assertTrue(best < result.get("epochs").asInt(), "the run went on past its best epoch: " + result);
    List<String> lines = Files.readAllLines(history);
    assertEquals("epoch,train_loss,validation_loss,lr,accuracy,validation_accuracy,pk,validation_pk,top,"
        + "validation_top,seconds", lines.get(0));
    String[] record = lines.get(best).split(",");
    assertEquals(String.valueOf(best), record[0]);
    // The result is the best epoch's params, so its validation loss and every metric are that
    // epoch's record, to the bit; the last epoch's differ.
    assertEquals(Double.parseDouble(record[2]), result.get("validationLoss").asDouble());
    String[] names = {"accuracy", "pk", "top"};
    for (int i = 0; i < names.length; i++) {
      assertEquals(Double.parseDouble(record[4 + 2 * i]), result.get("metrics").get(names[i]).asDouble(), names[i]);
      assertEquals(Double.parseDouble(record[5 + 2 * i]), result.get("validationMetrics").get(names[i]).asDouble(),
          "validation " + names[i]);
    }
    String[] last = lines.get(lines.size() - 1).split(",");
    assertTrue(Double.parseDouble(last[6]) != result.get("metrics").get("pk").asDouble(), "the last epoch's pk");
  }

  @Test
  void theClassifierIsTheSameBitsOnAnyThreadsAndAfterAResume(@TempDir Path dir) throws IOException {
    Path model = model(dir, CLASSIFIER);
    JsonNode one = withoutTimes(train(model, "--threads", "1"));
    assertEquals(one, withoutTimes(train(model, "--threads", "4")));
    Path save = dir.resolve("s.json");
    train(model, "--epochs", "7", "--save", save.toString());
    assertEquals(one, withoutTimes(train(model, "--resume", save.toString(), "--threads", "3")));
    JsonNode interpreted = train(model, "--backend", "interpreted");
    assertEquals(one.get("bestEpoch"), interpreted.get("bestEpoch"));
    assertEquals(one.get("loss").asDouble(), interpreted.get("loss").asDouble(), 1e-9);
    for (String name : new String[] {"accuracy", "pk", "top"}) {
      assertEquals(one.get("validationMetrics").get(name).asDouble(),
          interpreted.get("validationMetrics").get(name).asDouble(), 1e-9, name);
    }
  }

  @Test
  void adagradUnderWarmupThenCosineOnAnOuterProductAgreesEverywhere(@TempDir Path dir) throws IOException {
    Path model = model(dir, OUTER);
    JsonNode one = withoutTimes(train(model, "--threads", "1"));
    assertEquals("epochs", one.get("stopped").asText());
    assertEquals(one, withoutTimes(train(model, "--threads", "4")));
    // the interpreted autograd (f64, its own order of sums) agrees to rounding; the metrics, 0/1
    // means and counts of data alone here, to the bit
    JsonNode interpreted = train(model, "--backend", "interpreted");
    assertEquals(one.get("loss").asDouble(), interpreted.get("loss").asDouble(), 1e-9);
    assertEquals(one.get("metrics"), interpreted.get("metrics"));
    JsonNode params = one.get("params").get("g");
    for (int i = 0; i < 2; i++) {
      assertEquals(params.get(i).asDouble(), interpreted.get("params").get("g").get(i).asDouble(), 1e-9);
    }
  }

  /**
   * Against torch itself: twelve rows, a broadcast outer product, clamp, an axis sum, softmax_ce
   * with label smoothing plus nll of a log_softmax row picked by the class, adam with weight decay
   * and amsgrad under warmup-then-cosine (SequentialLR of LinearLR and CosineAnnealingLR), batches
   * of 4 in file order for 12 epochs. The numbers are PyTorch 1.13's (float64) for the same loop.
   */
  @Test
  void aMixedModelTrainsAsTorchDoes(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("small.csv"), """
        a,b,c,d,k
        0.644,0.825,0.233,-0.082,0
        0.154,0.816,0.389,0.282,1
        1.5,1.567,1.873,1.243,2
        0.003,0.068,-0.553,0.569,0
        0.86,1.995,1.001,0.928,1
        2.016,1.599,2.055,1.517,2
        0.109,0.612,0.548,0.364,0
        0.159,1.023,0.938,1.36,1
        1.508,2.044,1.574,1.801,2
        0.333,-0.443,-0.001,0.05,0
        1.69,0.754,1.226,1.31,1
        1.26,0.725,2.082,1.496,2
        """);
    Path model = Files.writeString(dir.resolve("pt.model"), """
        model Pt
        data "small.csv"
        input x[4] <- a, b, c, d
        target k <- k
        param W[3,4] = [[0.1, -0.2, 0.3, 0.05], [0.0, 0.2, -0.1, 0.4], [-0.3, 0.1, 0.2, -0.2]]
        param c[3,1] = [[0.1], [-0.1], [0.2]]
        param r[1,4] = [[0.5, -0.5, 0.25, 0.1]]
        param b[3] = [0.01, 0.02, -0.03]
        S = W * x + c * r
        z = sum(clamp(S, -0.4, 0.6), axis = 1) + b
        loss softmax_ce(z, k, label_smoothing = 0.1) + 0.1 * nll(log_softmax(S, axis = 1)[k], 2)
        metric acc = argmax(z) == k
        train {
          optimizer adam(lr = 0.02, weight_decay = 0.01, amsgrad = true)
          batch 4  epochs 12
          schedule warmup(3) then cosine(9)
        }
        """);
    // torch: S = W[None] * x[:, None, :] + c * r; z = S.clamp(-0.4, 0.6).sum(2) + b;
    // F.cross_entropy(z, k, label_smoothing = 0.1) + 0.1 * F.nll_loss(log_softmax(S, 2)[arange, k], 2)
    double[] torchW0 = {-0.16933230338219335, -0.30001330270856563, -0.03346539534384298, -0.22752153330381117};
    double[] torchB = {0.1581192299521547, -0.0641427811656558, -0.10497214586544994};
    for (String backend : new String[] {"java", "interpreted"}) {
      JsonNode result = train(model, "--backend", backend);
      assertEquals(1.0458979735520382, result.get("loss").asDouble(), 1e-13, backend);
      assertEquals(0.5, result.get("metrics").get("acc").asDouble(), backend);
      for (int i = 0; i < 4; i++) {
        assertEquals(torchW0[i], result.get("params").get("W").get(0).get(i).asDouble(), 1e-13, backend);
      }
      for (int i = 0; i < 3; i++) {
        assertEquals(torchB[i], result.get("params").get("b").get(i).asDouble(), 1e-13, backend);
      }
    }
  }

  private static JsonNode withoutTimes(JsonNode result) {
    com.fasterxml.jackson.databind.node.ObjectNode copy = result.deepCopy();
    copy.remove(List.of("seconds", "loadSeconds", "compileSeconds"));
    return copy;
  }
}
