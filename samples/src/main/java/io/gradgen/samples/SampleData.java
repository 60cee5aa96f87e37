package io.gradgen.samples;

import io.gradgen.runtime.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The data files of the seed samples, regenerated from the tutorials' own NumPy code with {@link
 * NumpyRandom}. Numbers are written in Java's round-trip form, so a file read back gives the very
 * doubles NumPy computed. {@code SampleDataTest} regenerates each file and compares it with the one
 * checked in; {@code java io.gradgen.samples.SampleData DIR} rewrites them.
 */
public final class SampleData {
  private SampleData() {}

  /**
   * Example 3, line fit from scratch, exactly as the tutorial:
   *
   * <pre>
   * np.random.seed(42)
   * x = np.random.rand(100, 1)
   * y = 1 + 2 * x + .1 * np.random.randn(100, 1)
   * idx = np.arange(100); np.random.shuffle(idx)
   * train_idx = idx[:80]; val_idx = idx[80:]
   * </pre>
   *
   * The rows are written in {@code idx} order, so that {@code split 0.8} takes the tutorial's
   * training set (the first 80) and validation set (the last 20).
   */
  public static String lineFit() {
    NumpyRandom random = new NumpyRandom(42);
    double[] x = random.rand(100);
    double[] noise = random.randn(100);
    int[] idx = random.permutation(100);
    StringBuilder csv = new StringBuilder("x,y\n");
    for (int i : idx) {
      csv.append(x[i]).append(',').append(1 + 2 * x[i] + .1 * noise[i]).append('\n');
    }
    return csv.toString();
  }

  /**
   * Example 4, a line with a bad start: {@code x = np.arange(-3, 3, 0.1)} (60 points, {@code -3 +
   * i·δ} with {@code δ = (-3 + 0.1) - (-3)}, as NumPy's {@code arange} fills them), {@code y = x - 1 + 0.1 * randn(60)} after {@code
   * np.random.seed(0)}. The tutorial draws its noise with {@code torch.randn}, whose stream is not
   * NumPy's; seed 0 of NumPy's stands in for it.
   */
  public static String badStart() {
    NumpyRandom random = new NumpyRandom(0);
    double[] noise = random.randn(60);
    double delta = (-3 + 0.1) - (-3);
    StringBuilder csv = new StringBuilder("x,y\n");
    for (int i = 0; i < 60; i++) {
      double x = -3 + i * delta;
      csv.append(x).append(',').append(x - 1 + 0.1 * noise[i]).append('\n');
    }
    return csv.toString();
  }

  /**
   * Example 6: scikit-learn's {@code make_regression(n_samples=1500, n_features=1, noise=0.3,
   * bias=2, coef=True, random_state=0)}, its algorithm for one feature (scikit-learn 1.x):
   *
   * <pre>
   * X = generator.standard_normal(size=(1500, 1))
   * ground_truth = 100 * generator.uniform(size=(1, 1))     # n_informative = min(1, 10) = 1
   * y = X @ ground_truth + 2
   * y += generator.normal(scale=0.3, size=y.shape)
   * indices = np.arange(1500); generator.shuffle(indices)  # sklearn.utils.shuffle(X, y)
   * X, y = X[indices], y[indices]                          # shuffling one feature draws nothing
   * </pre>
   *
   * The true coefficient is {@link #makeRegressionCoefficient()}, 0.4787: the "0.48" the tutorial
   * publishes. Two of the 1500 x values differ from NumPy's by one unit in the last place (see
   * {@link NumpyRandom} on the logarithm); every y is identical.
   */
  public static String makeRegression() {
    NumpyRandom random = new NumpyRandom(0);
    double[] x = random.randn(1500);
    double coefficient = 100 * random.uniform(0, 1);
    double[] y = new double[1500];
    for (int i = 0; i < 1500; i++) {
      y[i] = x[i] * coefficient + 2;
    }
    for (int i = 0; i < 1500; i++) {
      y[i] += random.normal(0, 0.3);
    }
    int[] indices = random.permutation(1500);
    StringBuilder csv = new StringBuilder("x,y\n");
    for (int i : indices) {
      csv.append(x[i]).append(',').append(y[i]).append('\n');
    }
    return csv.toString();
  }

  /** The true coefficient {@code make_regression(…, coef=True, random_state=0)} returns. */
  public static double makeRegressionCoefficient() {
    NumpyRandom random = new NumpyRandom(0);
    random.randn(1500);
    return 100 * random.uniform(0, 1);
  }

  /** Rewrites {@code line-fit.csv}, {@code bad-start.csv} and {@code make-regression.csv} in {@code DIR}. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length == 0 ? "." : args[0]);
    write(dir.resolve("line-fit.csv"), lineFit());
    write(dir.resolve("bad-start.csv"), badStart());
    write(dir.resolve("make-regression.csv"), makeRegression());
  }

  private static void write(Path file, String text) throws IOException {
    AtomicFile.write(file, text);
  }
}
