package io.gradgen.plot;

import java.awt.Color;

/**
 * Matplotlib's viridis colour map (perceptually uniform, legible in grey and to the colour-blind),
 * from nine of its stops with linear interpolation: {@code at(0)} dark purple, {@code at(1)} yellow.
 */
final class Viridis {
  private static final int[][] STOPS = {
    {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
    {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37},
  };

  private Viridis() {}

  static int rgb(double t) {
    double x = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
    int k = Math.min(STOPS.length - 2, (int) x);
    double f = x - k;
    int r = (int) Math.round(STOPS[k][0] + f * (STOPS[k + 1][0] - STOPS[k][0]));
    int g = (int) Math.round(STOPS[k][1] + f * (STOPS[k + 1][1] - STOPS[k][1]));
    int b = (int) Math.round(STOPS[k][2] + f * (STOPS[k + 1][2] - STOPS[k][2]));
    return (r << 16) | (g << 8) | b;
  }

  static Color at(double t) {
    return new Color(rgb(t));
  }
}
