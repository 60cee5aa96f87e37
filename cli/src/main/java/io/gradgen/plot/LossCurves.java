package io.gradgen.plot;

import io.gradgen.runtime.train.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training history as an XChart line chart: train loss per epoch, and validation loss when
 * there is one; the y axis is logarithmic when every loss is positive and they span two orders of
 * magnitude or more, as a loss falling fast then slowly does.
 */
final class LossCurves {
  private static final Color TRAIN = new Color(0x1f, 0x77, 0xb4);
  private static final Color VALIDATION = new Color(0xff, 0x7f, 0x0e);

  private LossCurves() {}

  /** Beyond this many decades XChart's log axis labels every one of them: plot log10 instead. */
  static final double MAX_DECADES = 12;

  static boolean logarithmic(List<EpochRecord> history) {
    return decades(history) >= 2;
  }

  /** How many orders of magnitude the losses span; 0 when one is not positive. */
  static double decades(List<EpochRecord> history) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (EpochRecord r : history) {
      for (Double v : new Double[] {r.trainLoss(), r.validationLoss()}) {
        if (v != null) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    return min > 0 && Double.isFinite(max) ? Math.log10(max) - Math.log10(min) : 0;
  }

  static void paint(Graphics2D g, int width, int height, String model, List<EpochRecord> history) {
    boolean log = logarithmic(history);
    boolean exponents = decades(history) > MAX_DECADES; // a diverging run
    XYChart chart = new XYChartBuilder().width(width).height(height)
        .title("loss per epoch (" + model + ")").xAxisTitle("epoch")
        .yAxisTitle(log ? "loss (log scale)" : "loss").build();
    XYStyler style = chart.getStyler();
    style.setYAxisLogarithmic(log && !exponents);
    style.setLegendPosition(Styler.LegendPosition.InsideNE);
    houseStyle(style);
    if (exponents) {
      style.setyAxisTickLabelsFormattingFunction(Ticks::powerOfTen);
    } else if (!log) { // a formatting function would make XChart's log axis linear again
      style.setyAxisTickLabelsFormattingFunction(Ticks::label);
    }
    int n = history.size();
    double[] epochs = new double[Math.max(1, n)];
    double[] train = new double[Math.max(1, n)];
    double[] validation = new double[Math.max(1, n)];
    boolean hasValidation = n > 0 && history.get(0).validationLoss() != null;
    for (int k = 0; k < n; k++) {
      EpochRecord r = history.get(k);
      epochs[k] = r.epoch();
      train[k] = exponents ? Math.log10(r.trainLoss()) : r.trainLoss();
      validation[k] = !hasValidation ? 0 : exponents ? Math.log10(r.validationLoss()) : r.validationLoss();
    }
    if (n == 0) {
      chart.setTitle("loss per epoch (" + model + "): no epoch was trained");
      train[0] = Double.NaN;
    }
    if (n > 20) {
      // XChart puts ticks on data points when the x values are evenly spaced (epochs are), which
      // gives 1, 151, 301, ...; an axis start just off the grid makes it choose round ticks.
      style.setXAxisMin(history.get(0).epoch() - 1 + 1e-3);
      style.setXAxisMax((double) history.get(n - 1).epoch());
    }
    series(chart, "train", epochs, train, TRAIN, n);
    if (hasValidation) {
      series(chart, "validation", epochs, validation, VALIDATION, n);
    }
    chart.paint(g, width, height);
  }

  private static void series(XYChart chart, String name, double[] x, double[] y, Color colour, int n) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setLineColor(colour);
    s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    s.setMarkerColor(colour);
    s.setMarker(n <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
  }

  /** The look every panel of a plot shares: white, bordered, sans-serif, whole epochs on x. */
  static void houseStyle(XYStyler style) {
    style.setChartBackgroundColor(Color.WHITE);
    style.setPlotBorderVisible(true);
    style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    style.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    style.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    style.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    style.setChartTitleBoxVisible(false);
    style.setAntiAlias(true);
    style.setXAxisDecimalPattern("0");
    style.setLocale(Locale.ROOT); // XChart formats its own ticks (the log axis's) in this locale: no decimal commas
  }
}
