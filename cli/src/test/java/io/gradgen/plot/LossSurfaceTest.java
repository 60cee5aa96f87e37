package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossSurfaceTest {
  static final Path LINE = Path.of("src/test/resources/plot/line.model");

  static Objective objective(CompiledModel model) {
    return model.objective(model.layout().hasInputs() ? DataLoader.read(model.dataFile(), model.layout()) : Dataset.none());
  }

  @Test
  void theGridHoldsTheModelsOwnLossAroundThePath(@TempDir Path dir) throws IOException {
    Path bowl = dir.resolve("bowl.model");
    Files.writeString(bowl, "model Bowl\nparam p = 3\nparam q = -2\nloss (p - 1)^2 + 10 * (q + 2)^2\n");
    CompiledModel model = Gradgen.compile(bowl);
    ParameterPath path = new ParameterPath(model.layout(), new double[] {3, -2});
    path.step(1, new double[] {2, -1});
    path.step(2, new double[] {1, -2});
    LossSurface surface = LossSurface.sample(objective(model), null, path, 21);
    // the path's box p in [1, 3], q in [-2, -1], widened by a fifth of its extent on each side
    assertEquals(0.6, surface.x0(), 1e-12);
    assertEquals(3.4, surface.x1(), 1e-12);
    assertEquals(-2.2, surface.y0(), 1e-12);
    assertEquals(-0.8, surface.y1(), 1e-12);
    for (int row : new int[] {0, 7, 20}) {
      for (int col : new int[] {0, 13, 20}) {
        double p = surface.x(col);
        double q = surface.y(row);
        assertEquals((p - 1) * (p - 1) + 10 * (q + 2) * (q + 2), surface.loss()[row][col], 1e-12);
      }
    }
    assertEquals("p", surface.xName());
    assertEquals("q", surface.yName());
  }

  @Test
  void overTwoChosenElementsEveryOtherParamIsHeldAtItsFinalValue(@TempDir Path dir) throws IOException {
    Path model = dir.resolve("three.model");
    Files.writeString(model, "model Three\nparam v[2] = 0\nparam c = 0\nloss (v[0] - 1)^2 + (v[1] + c)^2 + c^2\n");
    CompiledModel compiled = Gradgen.compile(model);
    PlotParams chosen = PlotParams.parse("c,v[0]", compiled.layout());
    Landscape landscape = Landscape.of(compiled.layout(), chosen, new double[] {4, 5, 6});
    ParameterPath path = (ParameterPath) landscape;
    path.step(1, new double[] {3, 2, 1});
    double[] finals = {3, 2, 1};
    SurfacePanel panel = path.panel(objective(compiled), null, finals, 11);
    LossSurface surface = panel.surface();
    assertEquals("c", surface.xName());
    assertEquals("v[0]", surface.yName());
    for (int row : new int[] {0, 4, 10}) {
      for (int col : new int[] {0, 7, 10}) {
        double c = surface.x(col);
        double v0 = surface.y(row);
        // v[1] stays at its final value 2
        assertEquals((v0 - 1) * (v0 - 1) + (2 + c) * (2 + c) + c * c, surface.loss()[row][col], 1e-12);
      }
    }
    assertEquals(List.of(6.0, 1.0), List.of(path.points().get(0)[0], path.points().get(1)[0]), "c's path");
  }

  @Test
  void withSplitTheLossIsTheMeanOverTheTrainingRowsOnly() throws IOException {
    CompiledModel model = Gradgen.compile(LINE);
    ParameterPath path = new ParameterPath(model.layout(), new double[] {-15, -10});
    path.step(1, new double[] {1, -1});
    LossSurface surface = LossSurface.sample(objective(model), 0.5, path, 11);
    List<String> rows = Files.readAllLines(LINE.resolveSibling("line.csv")).subList(1, 31);
    double w = surface.x(4);
    double b = surface.y(9);
    double sum = 0;
    for (String row : rows) {
      String[] cells = row.split(",");
      double r = w * Double.parseDouble(cells[0]) + b - Double.parseDouble(cells[1]);
      sum += r * r;
    }
    assertEquals(sum / 30, surface.loss()[9][4], 1e-9);
  }

  @Test
  void aParamThatDidNotMoveStillGetsASpan() {
    CompiledModel model = Gradgen.compile(LINE);
    ParameterPath path = new ParameterPath(model.layout(), new double[] {4, -10});
    path.step(1, new double[] {4, -9});
    LossSurface surface = LossSurface.sample(objective(model), null, path, 5);
    assertEquals(2, surface.x0(), 1e-12);
    assertEquals(6, surface.x1(), 1e-12);
  }

  @Test
  void largeDataSetsGetACoarserGrid() {
    assertEquals(101, LossSurface.resolution(60));
    assertEquals(101, LossSurface.resolution(10_000));
    assertEquals(44, LossSurface.resolution(100_000));
    assertEquals(41, LossSurface.resolution(10_000_000));
    assertTrue(LossSurface.resolution(1) <= 101);
    assertEquals(44, LossSurface.resolution(100_000, 2), "two params: as ever");
    assertEquals(101, LossSurface.resolution(150, 131), "the iris network");
    assertEquals(31, LossSurface.resolution(1_000, 10_000), "each point a pass over every weight");
    assertEquals(21, LossSurface.resolution(60_000, 100_000));
  }
}
