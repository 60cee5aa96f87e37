package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.checkpoint.Checkpoint;
import io.gradgen.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint survives {@code kill -9} at any moment of a save: the file always holds one whole
 * checkpoint, the last or the one before it, never a torn one. Child JVMs are killed at random
 * moments (seeded, so a failure can be replayed) while they save, over and over.
 */
class CheckpointKillTest {
  private static final int KILLS = 12;
  /** 100,000 values: about 2.4 MB of JSON, tens of milliseconds a save, so most kills land inside one. */
  private static final String BIG = "model Big\nparam w[200,500] = 0.5\nloss sum(w * w)\ntrain { epochs 1 }\n";

  @TempDir Path folder;

  @Test
  void theFileHoldsAWholeCheckpointAfterEveryKill() throws Exception {
    Path model = Files.writeString(folder.resolve("big.model"), BIG);
    Path file = folder.resolve("big.json");
    ModelLayout layout = Pipeline.check(model).layout();
    Random random = new Random(20261201);
    for (int kill = 0; kill < KILLS; kill++) {
      Path printedLines = folder.resolve("out-" + kill + ".txt");
      Process child = java(printedLines, SaveLoop.class.getName(), model.toString(), file.toString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (lastSaved(printedLines) == 0) {
        assertTrue(child.isAlive() && System.nanoTime() < deadline, "the child did not start saving");
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(400));
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      int printed = lastSaved(printedLines);
      TrainingState saved = Checkpoint.read(file, layout);
      int n = saved.epoch();
      assertTrue(n == printed || n == printed + 1, "kill " + kill + ": saved " + n + " after printing " + printed);
      for (int j = 0; j < saved.params().length; j++) {
        assertEquals(SaveLoop.value(n, j), saved.params()[j], "kill " + kill + ": a torn checkpoint, value " + j);
      }
    }
  }

  @Test
  void aKilledTrainRunLeavesThePreviousSaveLoadable() throws Exception {
    // with a plateau schedule, whose state each save holds too
    Path model = Files.writeString(folder.resolve("big.model"),
        BIG.replace("train { epochs 1 }", "train { epochs 1  schedule plateau(patience = 0) }"));
    Path file = folder.resolve("big.json");
    CliRun first = CliRun.of("train", model.toString(), "--save", file.toString(), "--quiet");
    assertEquals(0, first.status(), first.err());
    ModelLayout layout = Pipeline.check(model).layout();
    double[] before = Checkpoint.readParams(file, layout);
    Random random = new Random(7);
    for (int kill = 0; kill < 3; kill++) {
      Process child = java(folder.resolve("train-" + kill + ".txt"), Main.class.getName(), "train", model.toString(), "--params", file.toString(), "--save",
          file.toString(), "--quiet");
      Thread.sleep(300 + random.nextInt(1500));
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      double[] after = Checkpoint.readParams(file, layout);
      assertEquals(before.length, after.length);
      TrainingState whole = Checkpoint.read(file, layout);
      assertTrue(whole.schedule() != null && whole.schedule().lr() > 0, "kill " + kill + ": the plateau state");
      before = after;
    }
  }

  /** The number in the last whole {@code saved n} line the child printed, 0 before the first. */
  private static int lastSaved(Path printed) throws IOException {
    if (!Files.exists(printed)) {
      return 0;
    }
    int last = 0;
    for (String line : Files.readAllLines(printed, StandardCharsets.UTF_8)) {
      if (line.matches("saved \\d+")) {
        last = Integer.parseInt(line.substring("saved ".length()));
      }
    }
    return last;
  }

  private static Process java(Path stdout, String main, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), main));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
