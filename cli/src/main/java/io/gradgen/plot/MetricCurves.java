package io.gradgen.plot;

import io.gradgen.runtime.train.EpochRecord;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The metrics' panel of {@code --plot}, under the loss curves: one curve per metric and epoch,
 * the training rows' mean solid and the validation rows' dashed in the same colour, on a linear
 * axis (a metric such as an accuracy is read on its own scale, not in decades).
 */
final class MetricCurves {
  /** matplotlib's tab10, after the two colours of the loss curves. */
  private static final Color[] COLOURS = {
    new Color(0x2c, 0xa0, 0x2c), new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd),
    new Color(0x8c, 0x56, 0x4b), new Color(0xe3, 0x77, 0xc2), new Color(0x7f, 0x7f, 0x7f),
    new Color(0xbc, 0xbd, 0x22), new Color(0x17, 0xbe, 0xcf)
  };

  private MetricCurves() {}

  static void paint(Graphics2D g, int width, int height, String model, List<String> metrics,
      List<EpochRecord> history) {
    XYChart chart = new XYChartBuilder().width(width).height(height)
        .title("metrics per epoch (" + model + ")").xAxisTitle("epoch").yAxisTitle("mean per sample").build();
    XYStyler style = chart.getStyler();
    style.setLegendPosition(Styler.LegendPosition.OutsideE);
    LossCurves.houseStyle(style);
    style.setyAxisTickLabelsFormattingFunction(Ticks::label);
    int n = Math.max(1, history.size());
    double[] epochs = new double[n];
    boolean validated = !history.isEmpty() && history.get(0).validationMetrics() != null;
    for (int k = 0; k < history.size(); k++) {
      epochs[k] = history.get(k).epoch();
    }
    for (int metric = 0; metric < metrics.size(); metric++) {
      double[] train = new double[n];
      double[] validation = new double[n];
      java.util.Arrays.fill(train, Double.NaN);
      for (int k = 0; k < history.size(); k++) {
        EpochRecord record = history.get(k);
        train[k] = record.metrics()[metric];
        validation[k] = validated ? record.validationMetrics()[metric] : Double.NaN;
      }
      Color colour = COLOURS[metric % COLOURS.length];
      series(chart, metrics.get(metric), epochs, train, colour, history.size(), false);
      if (validated) {
        series(chart, "validation " + metrics.get(metric), epochs, validation, colour, history.size(), true);
      }
    }
    chart.paint(g, width, height);
  }

  private static void series(XYChart chart, String name, double[] x, double[] y, Color colour, int n,
      boolean dashed) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setLineColor(colour);
    s.setLineStyle(dashed
        ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f)
        : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    s.setMarkerColor(colour);
    s.setMarker(n <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
  }
}
