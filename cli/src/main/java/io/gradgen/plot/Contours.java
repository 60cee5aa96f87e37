package io.gradgen.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Marching squares: the segments where a grid of values crosses a level, in grid coordinates
 * ({@code col}, {@code row} as fractions, linear between neighbouring points). A cell with a NaN
 * corner has no segment; a saddle cell (opposite corners above the level) is split by its
 * centre's mean value, so contours do not cross.
 *
 * <pre>
 * Contours.at(new double[][] {{0, 0}, {0, 2}}, 1)   // one segment: (0.5, 1) - (1, 0.5)
 * </pre>
 */
final class Contours {
  private Contours() {}

  /** Segments as {@code {col0, row0, col1, row1}}. */
  static List<double[]> at(double[][] grid, double level) {
    List<double[]> segments = new ArrayList<>();
    for (int r = 0; r + 1 < grid.length; r++) {
      for (int c = 0; c + 1 < grid[r].length; c++) {
        cell(grid, r, c, level, segments);
      }
    }
    return segments;
  }

  private static void cell(double[][] g, int r, int c, double level, List<double[]> out) {
    // corners counter-clockwise from (r, c): a = (c, r), b = (c+1, r), d = (c+1, r+1), e = (c, r+1)
    double a = g[r][c];
    double b = g[r][c + 1];
    double d = g[r + 1][c + 1];
    double e = g[r + 1][c];
    if (Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(d) || Double.isNaN(e)) {
      return;
    }
    int index = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (d > level ? 4 : 0) | (e > level ? 8 : 0);
    if (index == 0 || index == 15) {
      return;
    }
    double[] bottom = {c + t(a, b, level), r};
    double[] right = {c + 1, r + t(b, d, level)};
    double[] top = {c + t(e, d, level), r + 1};
    double[] left = {c, r + t(a, e, level)};
    switch (index) {
      case 1, 14 -> add(out, left, bottom);
      case 2, 13 -> add(out, bottom, right);
      case 3, 12 -> add(out, left, right);
      case 4, 11 -> add(out, right, top);
      case 6, 9 -> add(out, bottom, top);
      case 7, 8 -> add(out, left, top);
      case 5, 10 -> {
        boolean centreAbove = (a + b + d + e) / 4 > level;
        boolean aAbove = index == 5;
        if (centreAbove == aAbove) {
          add(out, left, top);
          add(out, bottom, right);
        } else {
          add(out, left, bottom);
          add(out, right, top);
        }
      }
      default -> throw new AssertionError(index);
    }
  }

  /** Where between {@code p} and {@code q} the level is crossed, from 0 to 1. */
  private static double t(double p, double q, double level) {
    return p == q ? 0.5 : (level - p) / (q - p);
  }

  private static void add(List<double[]> out, double[] p, double[] q) {
    out.add(new double[] {p[0], p[1], q[0], q[1]});
  }
}
