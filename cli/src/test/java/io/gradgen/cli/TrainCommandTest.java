package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.runtime.checkpoint.Checkpoint;
import io.gradgen.runtime.train.TrainingState;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradgen train --plot} and what train shows on stderr, as a user runs them. */
class TrainCommandTest {
  private static final String LINE = "src/test/resources/plot/line.model";
  private static final String CROP = "../samples/crop-yield.model";

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void plotOfTwoScalarParamsHasTheSurfacePanel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("line.png");
    CliRun run = run("train", LINE, "--plot", file.toString(), "--split", "0.8");
    assertEquals(0, run.status(), run.err());
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(1620, image.getWidth());
    assertEquals(640, image.getHeight());
  }

  @Test
  void plotOfOtherModelsHasTheirLossLandscape(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("crop.png");
    CliRun run = run("train", CROP, "--plot", file.toString(), "--quiet", "--json");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().startsWith("{\"loss\": ") && run.out().endsWith("}\n"), run.out());
    assertEquals("", run.err());
    assertEquals(1620, ImageIO.read(file.toFile()).getWidth());
  }

  // --plot FILE.svg, --plot-params, the learning rate in --history (issue 21).

  @Test
  void plotAsSvgIsAnSvgDocumentAndTheProgressLinesAreAsEver(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("crop.svg");
    CliRun run = run("train", CROP, "--plot", file.toString());
    assertEquals(0, run.status(), run.err());
    assertTrue(run.err().startsWith("epoch 10/100  loss "), run.err());
    assertEquals(10, run.err().lines().count(), run.err());
    org.w3c.dom.Element svg = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(file.toFile()).getDocumentElement();
    assertEquals("svg", svg.getTagName());
    assertEquals(1620, Double.parseDouble(svg.getAttribute("width")));
    assertTrue(svg.getElementsByTagName("path").getLength() + svg.getElementsByTagName("line").getLength() > 100,
        "vector shapes");
    assertTrue(run.out().startsWith("loss: "), run.out());
  }

  @Test
  void plotParamsDrawsTheLossOverTwoElements(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("crop.png");
    CliRun run = run("train", CROP, "--plot", file.toString(), "--plot-params", "w[1,2],b[0]", "--quiet");
    assertEquals(0, run.status(), run.err());
    assertEquals("", run.err());
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(1620, image.getWidth());
    assertEquals(640, image.getHeight());
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 800; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 500, "the surface panel's heat map: " + colours.size());
  }

  @Test
  void theBarStillDrawsWhileTheLandscapeHearsEveryStep() {
    io.gradgen.CompiledModel model = io.gradgen.Gradgen.compile(Path.of(CROP));
    io.gradgen.runtime.train.Objective objective =
        model.objective(io.gradgen.runtime.data.DataLoader.read(model.dataFile(), model.layout()));
    double[] start = model.initialParams(0);
    io.gradgen.plot.Landscape landscape = io.gradgen.plot.Landscape.of(model.layout(), null, start);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream err = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
    try (Progress progress = Progress.start(Progress.Mode.BAR, err, 100, 0, 80)) {
      new io.gradgen.runtime.train.Trainer(model.training(), 1)
          .train(objective, start, null, TrainCommand.all(progress, landscape, null));
      progress.finish();
    }
    String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(out.length() - 1, out.indexOf('\n'), "one newline, at the end");
    assertTrue(out.substring(out.lastIndexOf('\r') + 1).startsWith("epoch 100/100 │"), out);
  }

  @Test
  void historyHasTheLearningRateOfEachEpochUnderAStepSchedule(@TempDir Path dir) throws Exception {
    Path history = dir.resolve("h.csv");
    // step(10, 0.5) from 0.2: epochs 1-10 at 0.2, 11-20 at 0.1, 21-30 at 0.05, 31-40 at 0.025
    CliRun run = run("train", "../samples/schedules.model", "--history", history.toString(), "--quiet");
    assertEquals(0, run.status(), run.err());
    java.util.List<String> lines = Files.readAllLines(history);
    assertEquals("epoch,train_loss,validation_loss,lr,seconds", lines.get(0));
    assertEquals(41, lines.size());
    for (int epoch = 1; epoch <= 40; epoch++) {
      String[] cells = lines.get(epoch).split(",", -1);
      assertEquals(String.valueOf(epoch), cells[0]);
      assertEquals("", cells[2], "no split: no validation loss");
      assertEquals(0.2 * Math.pow(0.5, (epoch - 1) / 10), Double.parseDouble(cells[3]), "epoch " + epoch);
    }
  }

  @Test
  void aPlotThatCannotBeWrittenFailsBeforeTraining(@TempDir Path dir) {
    Path missing = dir.resolve("no/such/dir/loss.png");
    CliRun run = run("train", CROP, "--plot", missing.toString());
    assertEquals(2, run.status());
    assertEquals("", run.out());
    assertEquals("error: --plot " + missing + ": no such directory\n", run.err());
    CliRun directory = run("train", CROP, "--plot", dir.toString());
    assertEquals(2, directory.status());
    assertEquals("error: --plot " + dir + ": is a directory, not a file\n", directory.err());
  }

  @Test
  void aDivergedRunStillGetsItsPlot(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("diverged.png");
    CliRun run = run("train", LINE, "--lr", "2", "--plot", file.toString());
    assertEquals(1, run.status());
    assertTrue(run.err().endsWith("try a smaller learning rate, such as --lr 0.2\n"), run.err());
    assertEquals(1620, ImageIO.read(file.toFile()).getWidth());
  }

  @Test
  void withoutATerminalStderrHasThePlainLines() {
    CliRun run = run("train", CROP);
    assertEquals(0, run.status());
    assertTrue(run.err().startsWith("epoch 10/100  loss "), run.err());
    assertEquals(10, run.err().lines().count());
    assertFalse(run.err().contains("\r"));
    assertEquals("", run("train", CROP, "--quiet").err());
  }

  @Test
  void reductionSumIsMeanWithTheRateScaledByTheBatch() {
    // Crop yields: 15 rows in batches of 3, so every batch's sum is 3 times its mean.
    String sum = run("train", CROP, "--json", "--quiet", "--no-shuffle", "--reduction", "sum", "--lr", "1e-5").out();
    String mean = run("train", CROP, "--json", "--quiet", "--no-shuffle", "--lr", "3e-5").out();
    double[] a = params(sum);
    double[] b = params(mean);
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(b[i], a[i], 1e-9 * Math.abs(b[i]), sum + " vs " + mean);
    }
    assertFalse(run("train", CROP, "--json", "--quiet", "--no-shuffle", "--lr", "1e-5").out().equals(sum));
  }

  @Test
  void noClipTurnsOffTheModelsClipping() {
    CliRun clipped = run("train", "../samples/clipping.model", "--quiet");
    assertEquals(0, clipped.status(), clipped.err());
    CliRun unclipped = run("train", "../samples/clipping.model", "--quiet", "--no-clip");
    assertEquals(1, unclipped.status(), unclipped.out());
    assertTrue(unclipped.err().startsWith("error: training diverged in epoch "), unclipped.err());
  }

  @Test
  void patienceAndNoSplitOverrideTheTrainBlock() {
    // The line fit's validation loss is lowest near epoch 200 and rises after it.
    CliRun early = run("train", "../samples/line-fit.model", "--json", "--quiet", "--patience", "5");
    assertTrue(early.out().contains("\"stopped\": \"early-stopping\""), early.out());
    CliRun whole = run("train", "../samples/line-fit.model", "--json", "--quiet", "--no-split", "--epochs", "5");
    assertTrue(whole.out().contains("\"validationLoss\": null"), whole.out());
  }

  @Test
  void contradictoryOrBadTrainingOptionsAreOneLineErrors() {
    String[][] cases = {
      {"--clip", "1", "--no-clip"}, {"--split", "0.8", "--no-split"}, {"--patience", "2", "--no-stop"},
      {"--reduction", "avg"}, {"--patience", "0"},
    };
    for (String[] options : cases) {
      String[] args = new String[options.length + 2];
      args[0] = "train";
      args[1] = CROP;
      System.arraycopy(options, 0, args, 2, options.length);
      CliRun r = run(args);
      assertEquals(2, r.status(), String.join(" ", options));
      assertTrue(r.err().startsWith("error: ") && r.err().strip().lines().count() == 1, r.err());
      assertEquals("", r.out());
    }
  }

  private static double[] params(String json) {
    String inner = json.substring(json.indexOf("\"params\": ") + 11, json.indexOf(", \"stopped\""));
    return java.util.Arrays.stream(inner.replaceAll("[^0-9eE.+-]+", " ").trim().split(" "))
        .mapToDouble(Double::parseDouble).toArray();
  }

  @Test
  void aDivergingRunStopsAtOnceKeepsTheLastGoodParamsAndNamesTheEpochAndASmallerRate(@TempDir Path dir)
      throws IOException {
    // x ← x − 1.5·2x = −2x: |x| doubles every step; after 511 steps x = −3·2^511 and x² overflows.
    Path model = Files.writeString(dir.resolve("d.model"),
        "model D\nparam x = 3\nloss x^2\ntrain { optimizer sgd(lr = 1.5)  epochs 2000 }\n");
    Path save = dir.resolve("d.json");
    CliRun run = run("train", model.toString(), "--save", save.toString(), "--quiet");
    assertEquals(1, run.status(), run.err());
    assertTrue(run.out().contains("stopped: diverged after 511 epochs"), run.out());
    assertEquals("error: training diverged in epoch 512: the loss or gradient is no longer finite; try a smaller"
        + " learning rate, such as --lr 0.15 (" + save + " holds the parameters from the start of epoch 511,"
        + " the last with a finite loss, for --resume)\n", run.err());
    // Epoch 512's start, x = −3·2^511, already has an infinite loss: the file holds epoch 511's.
    TrainingState saved = Checkpoint.read(save, Pipeline.check(model).layout());
    assertEquals(510, saved.epoch());
    assertEquals(3 * Math.pow(2, 510), saved.params()[0]);
    CliRun resumed = run("train", model.toString(), "--resume", save.toString(), "--lr", "0.15", "--quiet");
    assertEquals(0, resumed.status(), resumed.err());
  }

  @Test
  void aNonFiniteGradientWithAFiniteLossIsADivergenceToo(@TempDir Path dir) throws IOException {
    Path model = Files.writeString(dir.resolve("s.model"), "model S\nparam x = 0\nloss sqrt(x)\n");
    CliRun run = run("train", model.toString(), "--quiet");
    assertEquals(1, run.status(), run.err());
    assertTrue(run.out().contains("stopped: diverged after 0 epochs"), run.out());
    assertTrue(run.err().startsWith("error: training diverged in epoch 1: the loss or gradient is no longer finite"),
        run.err());
  }

  // Metrics: the final epoch's means in --json, every epoch's in --history and in --plot.

  private static final String SCORED = "src/test/resources/metrics/scored.model";

  @Test
  void metricsAreInTheJsonTheHistoryThePlotAndTheProgress(@TempDir Path dir) throws Exception {
    Path history = dir.resolve("history.csv");
    Path plot = dir.resolve("scored.png");
    CliRun run = run("train", SCORED, "--json", "--history", history.toString(), "--plot", plot.toString());
    assertEquals(0, run.status(), run.err());
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
    assertEquals(java.util.List.of("abs_err", "near", "weight_norm"), names(json.get("metrics")));
    assertEquals(java.util.List.of("abs_err", "near", "weight_norm"), names(json.get("validationMetrics")));
    java.util.List<String> lines = Files.readAllLines(history);
    assertEquals("epoch,train_loss,validation_loss,lr,abs_err,validation_abs_err,near,validation_near,weight_norm,"
        + "validation_weight_norm,seconds", lines.get(0));
    String[] last = lines.get(lines.size() - 1).split(",");
    assertEquals("6", last[0]);
    // the final epoch's means are the result's: the same parameters, the same rows
    assertEquals(json.get("metrics").get("abs_err").asDouble(), Double.parseDouble(last[4]));
    assertEquals(json.get("validationMetrics").get("abs_err").asDouble(), Double.parseDouble(last[5]));
    assertEquals(json.get("metrics").get("weight_norm").asDouble(), Double.parseDouble(last[8]));
    assertEquals(json.get("metrics").get("weight_norm").asDouble(), json.get("validationMetrics").get("weight_norm")
        .asDouble(), "a metric of the params alone is the same over any rows");
    BufferedImage image = ImageIO.read(plot.toFile());
    assertEquals(1620, image.getWidth(), "the loss landscape beside the curves");
    assertEquals(640 + 480, image.getHeight(), "the metrics' panel under the loss curves");
    assertTrue(run.err().contains("epoch 6/6  loss "), run.err());
    assertTrue(run.err().contains("  abs_err " + Format.number(json.get("metrics").get("abs_err").asDouble())
        + "  val_abs_err "), run.err());
  }

  @Test
  void metricsAreTheSameBitsOnAnyThreadsAndAgreeWithTheInterpreter() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    CliRun one = run("train", SCORED, "--json", "--quiet", "--threads", "1");
    CliRun threeBatched = run("train", SCORED, "--json", "--quiet", "--threads", "3");
    CliRun interpreted = run("train", SCORED, "--json", "--quiet", "--backend", "interpreted");
    assertEquals(0, threeBatched.status(), threeBatched.err());
    assertEquals(mapper.readTree(one.out()).get("metrics"), mapper.readTree(threeBatched.out()).get("metrics"));
    assertEquals(mapper.readTree(one.out()).get("validationMetrics"),
        mapper.readTree(threeBatched.out()).get("validationMetrics"));
    com.fasterxml.jackson.databind.JsonNode java = mapper.readTree(one.out()).get("metrics");
    com.fasterxml.jackson.databind.JsonNode autograd = mapper.readTree(interpreted.out()).get("metrics");
    for (String name : names(java)) {
      assertEquals(java.get(name).asDouble(), autograd.get(name).asDouble(), 1e-9, name);
    }
  }

  @Test
  void withoutSplitTheValidationMetricsAreNullAndWithoutMetricsThereAreNoKeys() throws Exception {
    CliRun noSplit = run("train", SCORED, "--json", "--quiet", "--no-split");
    assertEquals(0, noSplit.status(), noSplit.err());
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(noSplit.out());
    assertTrue(json.get("validationMetrics").isNull(), noSplit.out());
    assertEquals(3, json.get("metrics").size());
    CliRun none = run("train", CROP, "--json", "--quiet");
    assertFalse(none.out().contains("etrics"), none.out());
    CliRun text = run("train", SCORED, "--quiet");
    assertTrue(text.out().contains("\nmetric abs_err: "), text.out());
    assertTrue(text.out().contains("\nmetric weight_norm: "), text.out());
  }

  private static java.util.List<String> names(com.fasterxml.jackson.databind.JsonNode object) {
    java.util.List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void torchOptimOptionsResumeFromASaveBitForBit(@TempDir Path dir) throws IOException {
    // each option's buffers (amsgrad's max, rmsprop's momentum and average, adagrad's sum and the
    // step lr_decay reads) go through --save and come back with --resume: 4 + 6 epochs are 10
    Path model = Files.writeString(dir.resolve("q.model"),
        "model Q\nparam a = 1\nparam b = -2\nloss (a - 3)^2 + (a * b - 1)^2\ntrain { optimizer sgd(lr = 0.01)  epochs 10 }\n");
    for (String optimizer : new String[] {
        "adam(lr = 0.05, weight_decay = 0.01, amsgrad = true)",
        "rmsprop(lr = 0.01, momentum = 0.9, centered = true)",
        "adagrad(lr = 0.1, lr_decay = 0.1, initial_accumulator_value = 0.5)",
        "sgd(lr = 0.01, momentum = 0.9, dampening = 0.2, weight_decay = 0.1)"}) {
      CliRun whole = run("train", model.toString(), "--optimizer", optimizer, "--json", "--quiet");
      assertEquals(0, whole.status(), whole.err());
      Path save = dir.resolve("q.json");
      CliRun first = run("train", model.toString(), "--optimizer", optimizer, "--epochs", "4", "--save",
          save.toString(), "--quiet");
      assertEquals(0, first.status(), first.err());
      CliRun rest = run("train", model.toString(), "--optimizer", optimizer, "--resume", save.toString(), "--json",
          "--quiet");
      assertEquals(0, rest.status(), rest.err());
      assertArrayEquals(params(whole.out()), params(rest.out()), 0.0, optimizer);
      double[] after4 = Checkpoint.read(save, Pipeline.check(model).layout()).params();
      assertFalse(java.util.Arrays.equals(after4, params(whole.out())), optimizer + ": the last 6 epochs moved it");
    }
  }

  /** Line's data, split, a plateau that cuts often and early stopping that restores the best epoch. */
  private static Path plateauModel(Path dir) throws IOException {
    Files.copy(Path.of("src/test/resources/plot/line.csv"), dir.resolve("line.csv"));
    return Files.writeString(dir.resolve("p.model"), Files.readString(Path.of(LINE))
        .replace("batch 1\n  epochs 10", "batch 4\n  epochs 12\n  shuffle seed 3\n  split 0.7\n"
            + "  schedule plateau(factor = 0.5, patience = 0, threshold = 0.5)\n  stop patience 6, restore_best"));
  }

  @Test
  void aResumedRunWithAPlateauAndRestoreBestPrintsWhatAWholeRunPrints(@TempDir Path dir) throws IOException {
    Path model = plateauModel(dir);
    CliRun whole = run("train", model.toString(), "--json", "--quiet");
    assertEquals(0, whole.status(), whole.err());
    assertTrue(whole.out().contains("\"bestEpoch\": "), whole.out());
    Path save = dir.resolve("p.json");
    CliRun first = run("train", model.toString(), "--epochs", "5", "--save", save.toString(), "--quiet");
    assertEquals(0, first.status(), first.err());
    TrainingState saved = Checkpoint.read(save, Pipeline.check(model).layout());
    assertTrue(saved.schedule() != null && saved.bestEpoch() != null, "plateau state and best epoch saved");
    CliRun rest = run("train", model.toString(), "--resume", save.toString(), "--json", "--quiet");
    assertEquals(0, rest.status(), rest.err());
    assertEquals(withoutTimes(whole.out()), withoutTimes(rest.out()));
    CliRun text = run("train", model.toString(), "--quiet");
    assertTrue(text.out().matches("(?s).*stopped: \\S+ after \\d+ epochs \\(params of the best, epoch \\d+\\), .*"),
        text.out());
  }

  private static String withoutTimes(String json) {
    return json.replaceAll("\"(seconds|loadSeconds|compileSeconds)\": [0-9.eE-]+", "");
  }

  /** --optimizer and --schedule list every accepted form with its defaults, the curvature optimizers included. */
  @Test
  void theHelpListsEveryOptimizerAndSchedule() {
    CliRun help = CliRun.of("train", "--help");
    assertEquals(0, help.status(), help.err());
    String text = help.out().replaceAll("\\s+", " ");
    for (String form : new String[] {"sgd(lr, momentum=0,", "momentum(lr, beta=0.9,", "adam(lr, beta1=0.9,",
        "adamw(lr, beta1=0.9,", "rmsprop(lr, alpha=0.99,", "adagrad(lr=0.01,", "lbfgs(lr=1, max_iter=20,",
        "newton(lr=1, damping=0)", "else sgd(lr = 0.01)", "step(every, gamma)", "cosine(period)",
        "sgdr(period, mult)", "exponential(gamma)", "multistep(gamma, m1, m2, ...)", "linear(start_factor=1/3,",
        "plateau(factor=0.1,", "warmup(N) then S", "else constant"}) {
      assertTrue(text.contains(form), form + " in: " + text);
    }
  }

  /**
   * The progress lines end with the epoch the run stopped at, once: early stopping between the 10%
   * marks (27 of 100), on a mark (27 of 270), and a divergence.
   */
  @Test
  void theLastProgressLineIsTheLastEpochOnce() {
    String model = "src/test/resources/plot/line.model";
    for (String epochs : new String[] {"100", "270"}) {
      CliRun run = CliRun.of("train", model, "--split", "0.7", "--patience", "1", "--lr", "0.03", "--epochs", epochs);
      assertEquals(0, run.status(), run.err());
      assertTrue(run.out().contains("stopped: early-stopping after 27 epochs"), run.out());
      List<String> lines = run.err().lines().toList();
      assertTrue(lines.get(lines.size() - 1).startsWith("epoch 27/" + epochs + "  loss "), run.err());
      assertEquals(lines.size(), lines.stream().distinct().count(), run.err());
      assertEquals(epochs.equals("100") ? 3 : 1, lines.size(), run.err()); // 10, 20 and 27; or 27 alone
    }
    CliRun diverged = CliRun.of("train", model, "--lr", "2");
    assertEquals(1, diverged.status());
    List<String> lines = diverged.err().lines().filter(line -> line.startsWith("epoch ")).toList();
    assertEquals(lines.size(), lines.stream().distinct().count(), diverged.err());
    assertTrue(diverged.err().contains("training diverged in epoch "), diverged.err());
  }
}
