package io.gradgen.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link LossSurface} with Java2D: a heat map (viridis, bilinear between grid points) with
 * contour lines, a colour scale (logarithmic when the loss spans two orders of magnitude or more),
 * axes named after the surface's two coordinates, and the path on top (the points after each step,
 * dots at the epoch ends), start and end marked; under the title an optional note, then where the
 * path started and ended. The same drawing goes to a PNG's raster or an SVG's Graphics2D.
 */
final class SurfacePanel {
  private static final Color INK = new Color(0x33, 0x33, 0x33);
  private static final Color NOT_FINITE = new Color(0xbb, 0xbb, 0xbb);
  private static final Color START = new Color(0xff, 0x7f, 0x0e);
  private static final Color END = new Color(0xd6, 0x27, 0x28);

  private final LossSurface surface;
  private final List<double[]> points;
  private final List<double[]> epochEnds;
  private final String title;
  private final String note;
  private final String xAxis;
  private final String yAxis;
  private final boolean log;
  private final double low;
  private final double high;

  /**
   * {@code points}: the path (the start first, the end last), {@code epochEnds} the dots on it,
   * both in the surface's coordinates; {@code note} a line under the title, or null; the axes'
   * titles.
   */
  SurfacePanel(LossSurface surface, List<double[]> points, List<double[]> epochEnds, String title, String note,
      String xAxis, String yAxis) {
    this.surface = surface;
    this.points = points;
    this.epochEnds = epochEnds;
    this.title = title;
    this.note = note;
    this.xAxis = xAxis;
    this.yAxis = yAxis;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[] row : surface.loss()) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    this.log = min > 0 && max / min >= 100;
    double lo = log ? Math.log10(min) : min;
    double hi = log ? Math.log10(max) : max;
    if (!(hi > lo)) { // flat, or no finite value at all
      lo = Double.isFinite(lo) ? lo - 1 : 0;
      hi = lo + 2;
    }
    this.low = lo;
    this.high = hi;
  }

  LossSurface surface() {
    return surface;
  }

  boolean logarithmic() {
    return log;
  }

  void paint(Graphics2D g, int width, int height) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    Font title = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    Font text = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    g.setFont(small);
    FontMetrics fm = g.getFontMetrics();
    List<Double> yTicks = Ticks.between(surface.y0(), surface.y1(), 8);
    int widest = 0;
    for (double t : yTicks) {
      widest = Math.max(widest, fm.stringWidth(Ticks.label(t)));
    }
    int left = Math.max(80, widest + 48);
    int top = note == null ? 70 : 88;
    int right = 130;
    int bottom = 60;
    int pw = width - left - right;
    int ph = height - top - bottom;

    g.setColor(INK);
    g.setFont(title);
    centred(g, this.title, left + pw / 2, 28);
    g.setFont(small);
    if (note != null) {
      centred(g, note, left + pw / 2, 50);
    }
    double[] start = points.get(0);
    double[] end = points.get(points.size() - 1);
    // No-break spaces keep the gap in an SVG, whose text collapses runs of plain ones.
    centred(g, "start " + surface.xName() + " = " + Ticks.label(start[0]) + ", " + surface.yName() + " = "
        + Ticks.label(start[1]) + " \u00a0\u00a0\u00a0 end " + surface.xName() + " = " + Ticks.label(end[0]) + ", "
        + surface.yName() + " = " + Ticks.label(end[1]), left + pw / 2, note == null ? 50 : 68);

    g.drawImage(heatMap(pw, ph), left, top, null);
    Graphics2D plot = (Graphics2D) g.create(left, top, pw, ph);
    contours(plot, pw, ph);
    pathOnTop(plot, pw, ph);
    plot.dispose();

    g.setColor(INK);
    g.setStroke(new BasicStroke(1));
    g.draw(new Rectangle2D.Double(left - 0.5, top - 0.5, pw + 1, ph + 1));
    g.setFont(small);
    for (double t : xTicks(fm, pw)) {
      double x = left + (t - surface.x0()) / (surface.x1() - surface.x0()) * pw;
      g.draw(new Line2D.Double(x, top + ph, x, top + ph + 5));
      centred(g, Ticks.label(t), (int) Math.round(x), top + ph + 8 + fm.getAscent());
    }
    for (double t : yTicks) {
      double y = top + ph - (t - surface.y0()) / (surface.y1() - surface.y0()) * ph;
      g.draw(new Line2D.Double(left - 5, y, left, y));
      String label = Ticks.label(t);
      g.drawString(label, left - 8 - fm.stringWidth(label), (int) Math.round(y + fm.getAscent() / 2.0 - 1));
    }
    g.setFont(text);
    centred(g, xAxis, left + pw / 2, height - 14);
    vertical(g, yAxis, 22, top + ph / 2);
    colourScale(g, left + pw + 24, top, 18, ph, small, text);
  }

  /** As many round x ticks as fit with their labels apart, 8 at most. */
  private List<Double> xTicks(FontMetrics fm, int pw) {
    List<Double> ticks = List.of();
    for (int count = 8; count >= 2; count--) {
      ticks = Ticks.between(surface.x0(), surface.x1(), count);
      int widest = 0;
      for (double t : ticks) {
        widest = Math.max(widest, fm.stringWidth(Ticks.label(t)));
      }
      if ((widest + 16) * ticks.size() <= pw) {
        break;
      }
    }
    return ticks;
  }

  private BufferedImage heatMap(int pw, int ph) {
    double[][] grid = transformed();
    int n = grid.length;
    int m = grid[0].length;
    BufferedImage image = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
    for (int py = 0; py < ph; py++) {
      double row = (ph - 1 - py) / (double) (ph - 1) * (n - 1);
      int r = Math.min(n - 2, (int) row);
      double fr = row - r;
      for (int px = 0; px < pw; px++) {
        double col = px / (double) (pw - 1) * (m - 1);
        int c = Math.min(m - 2, (int) col);
        double fc = col - c;
        double v = (1 - fr) * ((1 - fc) * grid[r][c] + fc * grid[r][c + 1])
            + fr * ((1 - fc) * grid[r + 1][c] + fc * grid[r + 1][c + 1]);
        image.setRGB(px, py, Double.isNaN(v) ? NOT_FINITE.getRGB() : Viridis.rgb((v - low) / (high - low)));
      }
    }
    return image;
  }

  /** The loss as the colour scale measures it: its log10, or itself. */
  private double[][] transformed() {
    double[][] loss = surface.loss();
    double[][] out = new double[loss.length][];
    for (int r = 0; r < loss.length; r++) {
      out[r] = new double[loss[r].length];
      for (int c = 0; c < loss[r].length; c++) {
        out[r][c] = log ? Math.log10(loss[r][c]) : loss[r][c];
      }
    }
    return out;
  }

  private List<Double> levels() {
    List<Double> levels = new ArrayList<>();
    for (double level : Ticks.between(low, high, log ? 16 : 12)) {
      if (level > low && level < high) {
        levels.add(level);
      }
    }
    return levels;
  }

  private void contours(Graphics2D g, int pw, int ph) {
    g.setRenderingHints(java.util.Map.of(java.awt.RenderingHints.KEY_ANTIALIASING,
        java.awt.RenderingHints.VALUE_ANTIALIAS_ON, java.awt.RenderingHints.KEY_STROKE_CONTROL,
        java.awt.RenderingHints.VALUE_STROKE_PURE));
    double[][] grid = transformed();
    double sx = (pw - 1) / (double) (grid[0].length - 1);
    double sy = (ph - 1) / (double) (grid.length - 1);
    g.setColor(new Color(255, 255, 255, 120));
    g.setStroke(new BasicStroke(1f));
    // One shape per level: each pixel is blended once, and an SVG gets a path per level rather
    // than an element per segment.
    for (double level : levels()) {
      Path2D.Double lines = new Path2D.Double();
      for (double[] s : Contours.at(grid, level)) {
        lines.moveTo(s[0] * sx, ph - 1 - s[1] * sy);
        lines.lineTo(s[2] * sx, ph - 1 - s[3] * sy);
      }
      g.draw(lines);
    }
  }

  private void pathOnTop(Graphics2D g, int pw, int ph) {
    Path2D.Double line = new Path2D.Double();
    for (int k = 0; k < points.size(); k++) {
      double[] p = pixel(points.get(k), pw, ph);
      if (k == 0) {
        line.moveTo(p[0], p[1]);
      } else {
        line.lineTo(p[0], p[1]);
      }
    }
    g.setColor(new Color(0, 0, 0, 140));
    g.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(line);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(line);
    if (epochEnds.size() <= 60) {
      for (double[] point : epochEnds) {
        marker(g, pixel(point, pw, ph), 3.5, Color.WHITE);
      }
    }
    double[] start = pixel(points.get(0), pw, ph);
    double[] end = pixel(points.get(points.size() - 1), pw, ph);
    marker(g, start, 7, START);
    marker(g, end, 7, END);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    boolean close = Math.hypot(start[0] - end[0], start[1] - end[1]) < 60;
    label(g, "start", start, pw, ph, close);
    label(g, "end", end, pw, ph, false);
  }

  private double[] pixel(double[] point, int pw, int ph) {
    return new double[] {
      (point[0] - surface.x0()) / (surface.x1() - surface.x0()) * (pw - 1),
      ph - 1 - (point[1] - surface.y0()) / (surface.y1() - surface.y0()) * (ph - 1),
    };
  }

  private static void marker(Graphics2D g, double[] p, double r, Color fill) {
    Ellipse2D.Double dot = new Ellipse2D.Double(p[0] - r, p[1] - r, 2 * r, 2 * r);
    g.setColor(fill);
    g.fill(dot);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1.2f));
    g.draw(dot);
  }

  /**
   * White text with a dark outline beside a marker (above right, or below left when {@code
   * below}), kept inside the plot.
   */
  private static void label(Graphics2D g, String text, double[] p, int pw, int ph, boolean below) {
    FontMetrics fm = g.getFontMetrics();
    double x = below ? p[0] - 11 - fm.stringWidth(text) : p[0] + 11;
    if (x + fm.stringWidth(text) > pw - 4) {
      x = p[0] - 11 - fm.stringWidth(text);
    }
    x = Math.max(4, x);
    double y = Math.max(fm.getAscent() + 2, Math.min(ph - 4, below ? p[1] + 8 + fm.getAscent() : p[1] - 8));
    java.awt.Shape outline = g.getFont().createGlyphVector(g.getFontRenderContext(), text).getOutline((float) x, (float) y);
    g.setColor(new Color(0, 0, 0, 180));
    g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(outline);
    g.setColor(Color.WHITE);
    g.fill(outline);
  }

  private void colourScale(Graphics2D g, int x, int y, int w, int h, Font small, Font text) {
    for (int k = 0; k < h; k++) {
      g.setColor(Viridis.at(1 - k / (double) (h - 1)));
      g.fillRect(x, y + k, w, 1);
    }
    g.setColor(INK);
    g.setStroke(new BasicStroke(1));
    g.draw(new Rectangle2D.Double(x - 0.5, y - 0.5, w + 1, h + 1));
    g.setFont(small);
    FontMetrics fm = g.getFontMetrics();
    int widest = 0;
    for (double t : scaleTicks()) {
      double py = y + h - 1 - (t - low) / (high - low) * (h - 1);
      g.draw(new Line2D.Double(x + w, py, x + w + 4, py));
      String label = Ticks.label(log ? Math.pow(10, t) : t);
      widest = Math.max(widest, fm.stringWidth(label));
      g.drawString(label, x + w + 7, (int) Math.round(py + fm.getAscent() / 2.0 - 1));
    }
    g.setFont(text);
    vertical(g, log ? "training loss (log scale)" : "training loss", x + w + 14 + widest + 8, y + h / 2);
  }

  /** Colour-scale ticks in the transformed unit: whole decades (and 2, 5 when few) or round numbers. */
  private List<Double> scaleTicks() {
    if (!log) {
      return Ticks.between(low, high, 8);
    }
    List<Double> ticks = new ArrayList<>();
    boolean fine = high - low < 2.5;
    for (int e = (int) Math.floor(low); e <= Math.ceil(high); e++) {
      for (double m : fine ? new double[] {1, 2, 5} : new double[] {1}) {
        double t = e + Math.log10(m);
        if (t >= low - 1e-9 && t <= high + 1e-9) {
          ticks.add(t);
        }
      }
    }
    int step = Math.max(1, (ticks.size() + 9) / 10);
    List<Double> kept = new ArrayList<>();
    for (int k = 0; k < ticks.size(); k += step) {
      kept.add(ticks.get(k));
    }
    return kept;
  }

  private static void centred(Graphics2D g, String text, int x, int baseline) {
    g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, baseline);
  }

  private static void vertical(Graphics2D g, String text, int x, int y) {
    AffineTransform saved = g.getTransform();
    g.rotate(-Math.PI / 2, x, y);
    centred(g, text, x, y + g.getFontMetrics().getAscent() / 2);
    g.setTransform(saved);
  }
}
