package io.gradgen.plot;

import io.gradgen.runtime.AtomicFile;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.Objective;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * {@code gradgen train --plot FILE.png}: one PNG with the loss curves ({@link LossCurves}, {@value
 * #CURVES_WIDTH}×{@value #HEIGHT}) and, for a model with exactly two scalar params, the loss
 * surface with the path taken beside them ({@link SurfacePanel}; {@value #SURFACE_WIDTH} wider); for a
 * model with metrics, their curves under the loss curves ({@link MetricCurves}, {@value
 * #METRICS_HEIGHT} high).
 * Drawn headless; written to a temporary file beside the target, then renamed over it, so a
 * failed run leaves no partial file.
 *
 * <pre>
 * ParameterPath path = ParameterPath.fits(layout) ? new ParameterPath(layout, start) : null;
 * ... train, telling path about each step ...
 * TrainingPlot.write(file, layout, result.history(), path, objective, config.split());
 * </pre>
 */
public final class TrainingPlot {
  static final int CURVES_WIDTH = 800;
  static final int SURFACE_WIDTH = 820;
  static final int HEIGHT = 640;
  static final int METRICS_HEIGHT = 480;

  private TrainingPlot() {}

  /**
   * Draws and writes the PNG. {@code path} is null, or the path heard during training when the
   * model {@link ParameterPath#fits}; then the surface is sampled from {@code objective} over the
   * training rows ({@code split} as the run used it).
   */
  public static void write(Path file, ModelLayout layout, List<EpochRecord> history, ParameterPath path,
      Objective objective, Double split) throws IOException {
    BufferedImage image = draw(layout, history, path == null ? null
        : LossSurface.sample(objective, split, path, LossSurface.resolution(objective.rows())), path);
    AtomicFile.write(file, temporary -> {
      if (!ImageIO.write(image, "png", temporary.toFile())) {
        throw new IOException("--plot: no PNG writer in this Java runtime");
      }
    });
  }

  static BufferedImage draw(ModelLayout layout, List<EpochRecord> history, LossSurface surface, ParameterPath path) {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    int width = CURVES_WIDTH + (surface == null ? 0 : SURFACE_WIDTH);
    boolean metrics = !layout.metrics().isEmpty();
    BufferedImage image = new BufferedImage(width, HEIGHT + (metrics ? METRICS_HEIGHT : 0), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      LossCurves.paint(g, CURVES_WIDTH, HEIGHT, layout.modelName(), history);
      if (metrics) {
        Graphics2D below = (Graphics2D) g.create(0, HEIGHT, width, METRICS_HEIGHT);
        below.setColor(java.awt.Color.WHITE);
        below.fillRect(0, 0, width, METRICS_HEIGHT);
        MetricCurves.paint(below, CURVES_WIDTH, METRICS_HEIGHT, layout.modelName(), layout.metrics(), history);
        below.dispose();
      }
      if (surface != null) {
        Graphics2D right = (Graphics2D) g.create(CURVES_WIDTH, 0, SURFACE_WIDTH, HEIGHT);
        new SurfacePanel(surface, path).paint(right, SURFACE_WIDTH, HEIGHT);
        right.dispose();
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
