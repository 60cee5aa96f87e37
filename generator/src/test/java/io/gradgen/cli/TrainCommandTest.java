package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradgen train --plot} and what train shows on stderr, as a user runs them. */
class TrainCommandTest {
  private static final String LINE = "src/test/resources/plot/line.model";
  private static final String CROP = "../samples/crop-yield.model";

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int status = Main.run(args);
      return new Run(status, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void plotOfTwoScalarParamsHasTheSurfacePanel(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("line.png");
    Run run = run("train", LINE, "--plot", file.toString(), "--split", "0.8");
    assertEquals(0, run.status(), run.err());
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(1620, image.getWidth());
    assertEquals(640, image.getHeight());
  }

  @Test
  void plotOfOtherModelsIsTheCurvesAlone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("crop.png");
    Run run = run("train", CROP, "--plot", file.toString(), "--quiet", "--json");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().startsWith("{\"loss\": ") && run.out().endsWith("}\n"), run.out());
    assertEquals("", run.err());
    assertEquals(800, ImageIO.read(file.toFile()).getWidth());
  }

  @Test
  void aPlotThatCannotBeWrittenFailsBeforeTraining(@TempDir Path dir) {
    Path missing = dir.resolve("no/such/dir/loss.png");
    Run run = run("train", CROP, "--plot", missing.toString());
    assertEquals(2, run.status());
    assertEquals("", run.out());
    assertEquals("error: --plot: no such directory: " + missing.getParent() + "\n", run.err());
    Run directory = run("train", CROP, "--plot", dir.toString());
    assertEquals(2, directory.status());
    assertEquals("error: --plot: " + dir + " is a directory; expected a file name such as loss.png\n", directory.err());
  }

  @Test
  void aDivergedRunStillGetsItsPlot(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("diverged.png");
    Run run = run("train", LINE, "--lr", "2", "--plot", file.toString());
    assertEquals(1, run.status());
    assertTrue(run.err().endsWith("try a smaller learning rate (--lr)\n"), run.err());
    assertEquals(1620, ImageIO.read(file.toFile()).getWidth());
  }

  @Test
  void withoutATerminalStderrHasThePlainLines() {
    Run run = run("train", CROP);
    assertEquals(0, run.status());
    assertTrue(run.err().startsWith("epoch 10/100  loss "), run.err());
    assertEquals(10, run.err().lines().count());
    assertFalse(run.err().contains("\r"));
    assertEquals("", run("train", CROP, "--quiet").err());
  }
}
