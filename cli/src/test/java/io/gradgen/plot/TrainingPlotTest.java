package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPlotTest {

  @Test
  void twoScalarParamsGiveCurvesAndTheSurfaceSideBySide(@TempDir Path dir) throws IOException {
    CompiledModel model = Gradgen.compile(LossSurfaceTest.LINE);
    Objective objective = LossSurfaceTest.objective(model);
    ParameterPath path = new ParameterPath(model.layout(), model.initialParams(0));
    TrainingResult result = new Trainer(model.training(), 1).train(objective, model.initialParams(0), null, path);
    Path file = dir.resolve("line.png");
    TrainingPlot.write(file, model.layout(), result.history(), path, objective, null);
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(TrainingPlot.CURVES_WIDTH + TrainingPlot.SURFACE_WIDTH, image.getWidth());
    assertEquals(TrainingPlot.HEIGHT, image.getHeight());
    // the middle of the surface panel is heat map, not background
    assertNotEquals(0xffffff, image.getRGB(TrainingPlot.CURVES_WIDTH + 400, 330) & 0xffffff);
    assertEquals(List.of(file), listing(dir), "no temporary file left");
  }

  @Test
  void otherModelsGetTheCurvesAlone(@TempDir Path dir) throws IOException {
    CompiledModel model = Gradgen.compile(Path.of("../samples/crop-yield.model"));
    Objective objective = LossSurfaceTest.objective(model);
    assertFalse(ParameterPath.fits(model.layout()));
    TrainingResult result = new Trainer(model.training(), 1).train(objective, model.initialParams(0), null, null);
    Path file = dir.resolve("crop.png");
    Files.writeString(file, "an older plot");
    TrainingPlot.write(file, model.layout(), result.history(), null, objective, null);
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(TrainingPlot.CURVES_WIDTH, image.getWidth());
    assertEquals(TrainingPlot.HEIGHT, image.getHeight());
    assertEquals(List.of(file), listing(dir));
  }

  @Test
  void aRunWithoutEpochsStillDraws() {
    CompiledModel model = Gradgen.compile(LossSurfaceTest.LINE);
    BufferedImage image = TrainingPlot.draw(model.layout(), List.of(), null, null);
    assertEquals(TrainingPlot.CURVES_WIDTH, image.getWidth());
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
