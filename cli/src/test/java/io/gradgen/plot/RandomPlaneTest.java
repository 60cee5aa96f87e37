package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomPlaneTest {

  /** param w[2,3], param b[2], param c: three tensors, nine elements. */
  private static ModelLayout layout() {
    return new ModelLayout("M", List.of(new ParamSlot("w", List.of(2, 3), 0, null),
        new ParamSlot("b", List.of(2), 6, null), new ParamSlot("c", List.of(), 8, null)), List.of(), null, null,
        Precision.F64);
  }

  private static final double[] FINALS = {1, -2, 0.5, 3, 0, -1, 0.25, 4, -7};

  private static double norm(double[] v, int from, int to) {
    double sum = 0;
    for (int k = from; k < to; k++) {
      sum += v[k] * v[k];
    }
    return Math.sqrt(sum);
  }

  @Test
  void eachTensorsPartOfEachDirectionHasThatTensorsNormAndComesFromSeedZero() {
    double[][] d = new RandomPlane(layout(), new double[9]).directions(FINALS);
    int[][] tensors = {{0, 6}, {6, 8}, {8, 9}};
    for (double[] direction : d) {
      for (int[] t : tensors) {
        assertEquals(norm(FINALS, t[0], t[1]), norm(direction, t[0], t[1]), 1e-12);
      }
    }
    Random random = new Random(RandomPlane.SEED);
    double[] raw = new double[18];
    for (int k = 0; k < 18; k++) {
      raw[k] = random.nextGaussian();
    }
    // w's part of d1 is the first six draws scaled; b's part of d2 draws 15 and 16
    assertEquals(raw[0] / raw[1], d[0][0] / d[0][1], 1e-12);
    assertEquals(raw[15] / raw[16], d[1][6] / d[1][7], 1e-12);
    assertEquals(Math.signum(raw[17]) * 7, d[1][8], 1e-12, "a scalar's share is ± its magnitude");
  }

  @Test
  void aTensorThatEndsAtZeroGetsNoShareOfTheDirections() {
    double[] finals = FINALS.clone();
    finals[6] = 0;
    finals[7] = 0;
    double[][] d = new RandomPlane(layout(), new double[9]).directions(finals);
    assertEquals(0, d[0][6], 0.0);
    assertEquals(0, d[1][7], 0.0);
    double[][] none = new RandomPlane(layout(), new double[9]).directions(new double[9]);
    assertEquals(1, norm(none[0], 0, 6), 1e-12, "all zero: each tensor's part of norm 1");
  }

  @Test
  void pointsOnThePlaneProjectToTheirCoordinatesAndTheEndToTheOrigin() {
    RandomPlane plane = new RandomPlane(layout(), FINALS);
    double[][] d = plane.directions(FINALS);
    double[] onPlane = new double[9];
    double[] offPlane = new double[9];
    double[] normal = perpendicular(d);
    for (int k = 0; k < 9; k++) {
      onPlane[k] = FINALS[k] + 0.3 * d[0][k] - 1.25 * d[1][k];
      offPlane[k] = onPlane[k] + 2 * normal[k]; // least squares drops what is off the plane
    }
    plane.step(1, onPlane);
    plane.epoch(new EpochRecord(1, 1, null, 0.1, 0));
    plane.step(2, offPlane);
    plane.step(3, FINALS.clone());
    List<double[]> points = plane.points(FINALS);
    assertEquals(4, points.size());
    assertArrayEquals(new double[] {0, 0}, points.get(0), 1e-12, "the start was the final params");
    assertArrayEquals(new double[] {0.3, -1.25}, points.get(1), 1e-12);
    assertArrayEquals(new double[] {0.3, -1.25}, points.get(2), 1e-12);
    assertArrayEquals(new double[] {0, 0}, points.get(3), "the end is exactly the origin");
    assertArrayEquals(new double[] {0.3, -1.25}, plane.epochEnds(FINALS).get(0), 1e-12);
  }

  /** A vector orthogonal to both directions (Gram-Schmidt of a unit vector against them). */
  private static double[] perpendicular(double[][] d) {
    double[] v = new double[9];
    v[4] = 1;
    double[][] basis = new double[2][];
    for (int b = 0; b < 2; b++) {
      double[] u = d[b].clone();
      for (int c = 0; c < b; c++) {
        subtract(u, basis[c], dot(u, basis[c]));
      }
      double n = Math.sqrt(dot(u, u));
      for (int k = 0; k < 9; k++) {
        u[k] /= n;
      }
      basis[b] = u;
      subtract(v, u, dot(v, u));
    }
    for (int b = 0; b < 2; b++) {
      subtract(v, basis[b], dot(v, basis[b]));
    }
    return v;
  }

  private static void subtract(double[] v, double[] u, double times) {
    for (int k = 0; k < v.length; k++) {
      v[k] -= times * u[k];
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  @Test
  void aTrainedTanhNetworksLandscapeIsLowestNearTheOriginWhereItsPathEnds() {
    CompiledModel model = Gradgen.compile(TrainingPlotTest.TANH);
    Objective objective = LossSurfaceTest.objective(model);
    double[] start = model.initialParams(0);
    assertTrue(model.layout().parameterCount() > 2);
    RandomPlane plane = (RandomPlane) Landscape.of(model.layout(), null, start);
    TrainingResult result = new Trainer(model.training(), 1).train(objective, start, null, plane);
    SurfacePanel panel = plane.panel(objective, null, result.params(), 101);
    List<double[]> points = plane.points(result.params());
    assertEquals(result.steps() + 1, points.size(), "the start and every step");
    assertArrayEquals(new double[] {0, 0}, points.get(points.size() - 1));
    LossSurface surface = panel.surface();
    assertEquals(-1, surface.x0(), 1e-12, "the path stays within [-1, 1]: the grid is Li et al.'s square");
    assertEquals(1, surface.y1(), 1e-12);
    int[] lowest = {0, 0};
    double[][] loss = surface.loss();
    for (int row = 0; row < loss.length; row++) {
      for (int col = 0; col < loss[row].length; col++) {
        if (loss[row][col] < loss[lowest[0]][lowest[1]]) {
          lowest = new int[] {row, col};
        }
      }
    }
    assertEquals(0, surface.x(lowest[1]), 0.05, "the grid's minimum is near the final params");
    assertEquals(0, surface.y(lowest[0]), 0.05);
    // the centre of the grid is the final params: the model's own loss there
    objective.setParameters(result.params());
    assertEquals(objective.loss(0, objective.rows()) / objective.rows(), loss[50][50], 1e-12);
    assertTrue(loss[0][0] > 10 * loss[50][50], "a corner, a whole tensor norm away, is far worse");
  }
}
