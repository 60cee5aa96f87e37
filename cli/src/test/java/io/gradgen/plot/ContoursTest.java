package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContoursTest {

  @Test
  void oneCornerAboveCutsItOff() {
    List<double[]> segments = Contours.at(new double[][] {{0, 0}, {0, 2}}, 1);
    assertEquals(1, segments.size());
    assertArrayEquals(new double[] {1, 0.5, 0.5, 1}, segments.get(0), 1e-15);
  }

  @Test
  void noSegmentWhereTheLevelIsNotCrossedOrACornerIsNaN() {
    assertEquals(0, Contours.at(new double[][] {{0, 0}, {0, 0.5}}, 1).size());
    assertEquals(0, Contours.at(new double[][] {{0, Double.NaN}, {0, 2}}, 1).size());
  }

  @Test
  void aSaddleGivesTwoSegmentsThatDoNotCross() {
    assertEquals(2, Contours.at(new double[][] {{2, 0}, {0, 2}}, 1).size());
  }

  @Test
  void aBowlsContourIsACircle() {
    int n = 41;
    double[][] grid = new double[n][n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        grid[r][c] = (r - 20) * (r - 20) + (c - 20) * (c - 20);
      }
    }
    List<double[]> segments = Contours.at(grid, 100);
    assertTrue(segments.size() > 40, "segments: " + segments.size());
    for (double[] s : segments) {
      for (int k = 0; k < 4; k += 2) {
        double radius = Math.hypot(s[k] - 20, s[k + 1] - 20);
        assertEquals(10, radius, 0.05);
      }
    }
  }
}
