package io.gradgen.plot;

import io.gradgen.runtime.AtomicFile;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.Objective;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * {@code gradgen train --plot FILE.png|FILE.svg}: one picture with the loss curves ({@link
 * LossCurves}, {@value #CURVES_WIDTH}×{@value #HEIGHT}) and, beside them, the model's {@link
 * Landscape} ({@value #SURFACE_WIDTH} wider): the loss surface over two scalar params or two
 * chosen elements with the path taken ({@link ParameterPath}), or for any other model the loss on
 * a random plane through the final params ({@link RandomPlane}); for a model with metrics, their
 * curves under the loss curves ({@link MetricCurves}, {@value #METRICS_HEIGHT} high).
 * Drawn headless, on a raster for PNG and on JFreeSVG's Graphics2D for SVG ({@link SvgPlot}), the
 * same drawing calls for both; written to a temporary file beside the target, then renamed over
 * it, so a failed run leaves no partial file.
 *
 * <pre>
 * Landscape landscape = Landscape.of(layout, null, start);
 * ... train, telling landscape about each step ...
 * TrainingPlot.write(file, layout, result.history(), landscape, objective, config.split(), result.params());
 * </pre>
 */
public final class TrainingPlot {
  static final int CURVES_WIDTH = 800;
  static final int SURFACE_WIDTH = 820;
  static final int HEIGHT = 640;
  static final int METRICS_HEIGHT = 480;

  private TrainingPlot() {}

  /** Whether {@code file} names a picture {@code --plot} writes: FILE.png or FILE.svg, in any case. */
  public static boolean writable(Path file) {
    return format(file) != null;
  }

  private static String format(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") ? "png" : name.endsWith(".svg") ? "svg" : null;
  }

  /**
   * Draws and writes the picture, PNG or SVG by the file's name. {@code landscape} is null (the
   * curves alone), or the one heard during training; its panel is sampled from {@code objective}
   * over the training rows ({@code split} as the run used it) around {@code finals}, the run's
   * final params.
   */
  public static void write(Path file, ModelLayout layout, List<EpochRecord> history, Landscape landscape,
      Objective objective, Double split, double[] finals) throws IOException {
    headless();
    SurfacePanel panel = landscape == null ? null
        : landscape.panel(objective, split, finals, LossSurface.resolution(objective.rows(), finals.length));
    if ("svg".equals(format(file))) {
      String svg = SvgPlot.document(width(panel), height(layout), g -> paint(g, layout, history, panel));
      AtomicFile.write(file, svg);
      return;
    }
    BufferedImage image = draw(layout, history, panel);
    AtomicFile.write(file, temporary -> png(image, temporary));
  }

  /** At the strongest deflate level: a heat map compresses a fifth smaller than at the default. */
  private static void png(BufferedImage image, Path file) throws IOException {
    java.util.Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IOException("--plot: no PNG writer in this Java runtime");
    }
    ImageWriter writer = writers.next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    if (param.canWriteCompressed()) {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0f); // quality 0: the smallest file
    }
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      if (out == null) {
        throw new IOException("--plot: cannot write " + file);
      }
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
  }

  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  static int width(SurfacePanel panel) {
    return CURVES_WIDTH + (panel == null ? 0 : SURFACE_WIDTH);
  }

  static int height(ModelLayout layout) {
    return HEIGHT + (layout.metrics().isEmpty() ? 0 : METRICS_HEIGHT);
  }

  static BufferedImage draw(ModelLayout layout, List<EpochRecord> history, SurfacePanel panel) {
    headless();
    BufferedImage image = new BufferedImage(width(panel), height(layout), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      paint(g, layout, history, panel);
    } finally {
      g.dispose();
    }
    return image;
  }

  /** Every panel onto {@code g}, a raster's or an SVG document's. */
  static void paint(Graphics2D g, ModelLayout layout, List<EpochRecord> history, SurfacePanel panel) {
    int width = width(panel);
    LossCurves.paint(g, CURVES_WIDTH, HEIGHT, layout.modelName(), history);
    if (!layout.metrics().isEmpty()) {
      Graphics2D below = (Graphics2D) g.create(0, HEIGHT, width, METRICS_HEIGHT);
      below.setColor(Color.WHITE);
      below.fillRect(0, 0, width, METRICS_HEIGHT);
      MetricCurves.paint(below, CURVES_WIDTH, METRICS_HEIGHT, layout.modelName(), layout.metrics(), history);
      below.dispose();
    }
    if (panel != null) {
      Graphics2D right = (Graphics2D) g.create(CURVES_WIDTH, 0, SURFACE_WIDTH, HEIGHT);
      panel.paint(right, SURFACE_WIDTH, HEIGHT);
      right.dispose();
    }
  }
}
