package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class TrainingPlotTest {
  static final Path TANH = Path.of("src/test/resources/plot/tanh-net.model");

  /** The model trained with its own settings, the landscape hearing every step, plotted to {@code file}. */
  static void trainAndPlot(Path model, Path file) throws IOException {
    CompiledModel compiled = Gradgen.compile(model);
    Objective objective = LossSurfaceTest.objective(compiled);
    double[] start = compiled.initialParams(0);
    Landscape landscape = Landscape.of(compiled.layout(), null, start);
    TrainingResult result = new Trainer(compiled.training(), 1).train(objective, start, null, landscape);
    TrainingPlot.write(file, compiled.layout(), result.history(), landscape, objective, null, result.params());
  }

  @Test
  void twoScalarParamsGiveCurvesAndTheSurfaceSideBySide(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("line.png");
    trainAndPlot(LossSurfaceTest.LINE, file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(TrainingPlot.CURVES_WIDTH + TrainingPlot.SURFACE_WIDTH, image.getWidth());
    assertEquals(TrainingPlot.HEIGHT, image.getHeight());
    // the middle of the surface panel is heat map, not background
    assertNotEquals(0xffffff, image.getRGB(TrainingPlot.CURVES_WIDTH + 400, 330) & 0xffffff);
    assertTrue(colours(image) > 500, "a heat map has many colours: " + colours(image));
    assertEquals(List.of(file), listing(dir), "no temporary file left");
  }

  @Test
  void aModelWithMoreParamsGetsItsLossLandscapeBesideTheCurves(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("crop.png");
    Files.writeString(file, "an older plot");
    trainAndPlot(Path.of("../samples/crop-yield.model"), file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(TrainingPlot.CURVES_WIDTH + TrainingPlot.SURFACE_WIDTH, image.getWidth());
    assertEquals(TrainingPlot.HEIGHT, image.getHeight());
    assertNotEquals(0xffffff, image.getRGB(TrainingPlot.CURVES_WIDTH + 400, 330) & 0xffffff);
    assertTrue(colours(image) > 500, "colours: " + colours(image));
    assertEquals(List.of(file), listing(dir));
  }

  @Test
  void aModelOfOneParamElementHasNoPlaneAndGetsTheCurvesAlone(@TempDir Path dir) throws IOException {
    Path model = Files.writeString(dir.resolve("one.model"), "model One\nparam a = 3\nloss (a - 1)^2\n");
    CompiledModel compiled = Gradgen.compile(model);
    assertNull(Landscape.of(compiled.layout(), null, compiled.initialParams(0)));
    Path file = dir.resolve("one.png");
    trainAndPlot(model, file);
    assertEquals(TrainingPlot.CURVES_WIDTH, ImageIO.read(file.toFile()).getWidth());
  }

  @Test
  void theSvgHasTheSameContentAsVectorElements(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tanh.SVG");
    trainAndPlot(TANH, file);
    Element svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    assertEquals("svg", svg.getTagName());
    assertEquals(TrainingPlot.CURVES_WIDTH + TrainingPlot.SURFACE_WIDTH, Double.parseDouble(svg.getAttribute("width")));
    assertEquals(TrainingPlot.HEIGHT, Double.parseDouble(svg.getAttribute("height")));
    int shapes = svg.getElementsByTagName("path").getLength() + svg.getElementsByTagName("line").getLength();
    assertTrue(shapes > 200, "curves, contours, ticks and path as vector shapes: " + shapes);
    assertEquals(1, svg.getElementsByTagName("image").getLength(), "the heat map, embedded");
    // XChart draws its text as glyph outlines (paths); the surface panel's is SVG text
    String text = svg.getTextContent();
    for (String title : new String[] {"loss on a random plane through the final params", "x (along d1)", "y (along d2)",
        "training loss (log scale)", "end x = 0, y = 0"}) {
      assertTrue(text.contains(title), "the PNG's text, as SVG text: " + title);
    }
    assertEquals(List.of(file), listing(dir));
  }

  @Test
  void onlyPngAndSvgAreWritable() {
    assertTrue(TrainingPlot.writable(Path.of("a/b.png")));
    assertTrue(TrainingPlot.writable(Path.of("b.Svg")));
    assertFalse(TrainingPlot.writable(Path.of("b.jpg")));
    assertFalse(TrainingPlot.writable(Path.of("svg")));
  }

  @Test
  void aRunWithoutEpochsStillDraws() {
    CompiledModel model = Gradgen.compile(LossSurfaceTest.LINE);
    BufferedImage image = TrainingPlot.draw(model.layout(), List.of(), null);
    assertEquals(TrainingPlot.CURVES_WIDTH, image.getWidth());
  }

  static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        seen.add(image.getRGB(x, y));
      }
    }
    return seen.size();
  }

  private static List<Path> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> !f.getFileName().toString().endsWith(".model")).toList();
    }
  }
}
