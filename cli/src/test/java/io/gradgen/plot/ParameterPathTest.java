package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.EpochRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterPathTest {

  private static ModelLayout layout(List<Integer> firstShape, List<Integer> secondShape, int extra) {
    int size = firstShape.stream().reduce(1, (a, b) -> a * b);
    List<ParamSlot> params = new java.util.ArrayList<>(List.of(
        new ParamSlot("w", firstShape, 0, null), new ParamSlot("b", secondShape, size, null)));
    if (extra > 0) {
      params.add(new ParamSlot("c", List.of(), size + 1, null));
    }
    return new ModelLayout("M", params, List.of(), null, null, Precision.F64);
  }

  @Test
  void exactlyTwoScalarParamsFit() {
    assertTrue(ParameterPath.fits(layout(List.of(), List.of(), 0)));
    assertFalse(ParameterPath.fits(layout(List.of(3), List.of(), 0)));
    assertFalse(ParameterPath.fits(layout(List.of(), List.of(), 1)));
    assertThrows(IllegalArgumentException.class, () -> new ParameterPath(layout(List.of(2), List.of(), 0), new double[3]));
  }

  @Test
  void startThenEveryStepThenTheEpochEnds() {
    ParameterPath path = new ParameterPath(layout(List.of(), List.of(), 0), new double[] {-15, -10});
    path.step(1, new double[] {-14, -9});
    path.step(2, new double[] {-13, -8});
    path.epoch(new EpochRecord(1, 5, null, 0.1, 0.01));
    path.step(3, new double[] {-12, -7});
    assertEquals(4, path.points().size());
    assertArrayEquals(new double[] {-15, -10}, path.points().get(0));
    assertArrayEquals(new double[] {-12, -7}, path.points().get(3));
    assertEquals(1, path.epochEnds().size());
    assertArrayEquals(new double[] {-13, -8}, path.epochEnds().get(0));
    assertEquals("w", path.firstName());
    assertEquals("b", path.secondName());
  }

  @Test
  void aLongRunIsThinnedEvenlyKeepingStartAndEnd() {
    ParameterPath path = new ParameterPath(layout(List.of(), List.of(), 0), new double[] {0, 0});
    int steps = 5 * ParameterPath.MAX_POINTS + 7;
    for (int s = 1; s <= steps; s++) {
      path.step(s, new double[] {s, -s});
    }
    List<double[]> points = path.points();
    assertTrue(points.size() <= ParameterPath.MAX_POINTS + 1, "points: " + points.size());
    assertTrue(points.size() > ParameterPath.MAX_POINTS / 4, "points: " + points.size());
    assertArrayEquals(new double[] {0, 0}, points.get(0));
    assertArrayEquals(new double[] {steps, -steps}, points.get(points.size() - 1));
    double gap = points.get(2)[0] - points.get(1)[0];
    for (int k = 2; k < points.size() - 1; k++) {
      assertEquals(gap, points.get(k)[0] - points.get(k - 1)[0], "evenly spaced steps");
    }
  }
}
