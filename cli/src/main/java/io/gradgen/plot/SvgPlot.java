package io.gradgen.plot;

import java.awt.Graphics2D;
import java.util.function.Consumer;
import org.jfree.svg.SVGGraphics2D;

/**
 * The SVG form of {@code --plot}: the panels paint on JFreeSVG's Graphics2D as they paint on the
 * PNG's raster, so lines, curves, contours, markers and text become SVG elements and the heat map
 * an embedded PNG image. Kept apart so that a run writing PNG never loads JFreeSVG's classes.
 *
 * <pre>
 * String svg = SvgPlot.document(1620, 640, g -> TrainingPlot.paint(g, layout, history, panel));
 * // "&lt;?xml version=\"1.0\" encoding=\"UTF-8\"?&gt;\n&lt;svg xmlns=\"http://www.w3.org/2000/svg\" ... width=\"1620\" height=\"640\" ..."
 * </pre>
 */
final class SvgPlot {
  private SvgPlot() {}

  static String document(int width, int height, Consumer<Graphics2D> painter) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setGeomDoubleConverter(SvgPlot::hundredths);
    painter.accept(g);
    // The element alone under an XML declaration: without getSVGDocument's DOCTYPE, which sends
    // validating readers to the network for the SVG 1.1 DTD (and SVG 2 drops it).
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g.getSVGElement() + "\n";
  }

  /**
   * A coordinate to a hundredth of a pixel, finer than any screen or print shows, in its shortest
   * form: {@code 210.84257783925707 → "210.84"}, {@code 12.0 → "12"}. Full precision would make
   * the file about twice as large.
   */
  static String hundredths(double value) {
    double rounded = Math.round(value * 100) / 100.0;
    if (rounded == 0) {
      return "0";
    }
    String text = Double.toString(rounded);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }
}
