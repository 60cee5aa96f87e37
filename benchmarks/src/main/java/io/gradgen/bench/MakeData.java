package io.gradgen.bench;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.data.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the benchmark data sets as float64 {@code .npy} files under {@code benchmarks/data/},
 * deterministically (fixed seeds), so that JMH and the PyTorch script train on the same numbers.
 * Every value is rounded to float first, so the f32 and f64 runs see the same data.
 *
 * <ul>
 *   <li>{@code crop-yield.npy}: the 15 rows of {@code samples/crop-yield.csv}, columns in order.
 *   <li>{@code linear.npy}: 1,000,000 × (32 features, 1 target), x ~ N(0, 1), y = w·x + 0.5 + 0.1 ε.
 *   <li>{@code tanh.npy}: 100,000 × (32 + 1) from a random 32-16-1 tanh teacher network plus noise.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.gradgen.bench.MakeData [--force]
 * </pre>
 */
public final class MakeData {
  private MakeData() {}

  public static void main(String[] args) throws IOException {
    boolean force = args.length > 0 && args[0].equals("--force");
    Path data = Job.root().resolve("data");
    Files.createDirectories(data);
    write(data.resolve("crop-yield.npy"), force, () -> crop());
    write(data.resolve("linear.npy"), force, () -> linear(1_000_000, 32, 11));
    write(data.resolve("tanh.npy"), force, () -> tanh(100_000, 32, 16, 12));
    // The same rows as float32, for the f32 jobs of the cold-run comparison (half the bytes to read).
    writeFloats(data.resolve("linear-f32.npy"), data.resolve("linear.npy"), force);
  }

  /** {@code from}'s rows as float32: every value is a float already (see above), so nothing is rounded. */
  private static void writeFloats(Path file, Path from, boolean force) throws IOException {
    if (Files.exists(file) && !force) {
      System.out.println("kept " + file);
      return;
    }
    io.gradgen.runtime.ModelLayout layout = new io.gradgen.runtime.ModelLayout("Linear", java.util.List.of(),
        java.util.List.of(new io.gradgen.runtime.DataSlot("x", false, java.util.List.of(32), 0, java.util.List.of()),
            new io.gradgen.runtime.DataSlot("y", true, java.util.List.of(), 32, java.util.List.of())),
        null, null, io.gradgen.runtime.Precision.F32);
    Dataset set = io.gradgen.runtime.data.NpyReader.read(from, layout);
    NpyWriter.write(file, set.rows(), set.width(), set.floats());
    System.out.println("wrote " + file + " (" + set.rows() + " × " + set.width() + ", float32)");
  }

  interface Maker {
    Dataset make();
  }

  private static void write(Path file, boolean force, Maker maker) throws IOException {
    if (Files.exists(file) && !force) {
      System.out.println("kept " + file);
      return;
    }
    Dataset set = maker.make();
    NpyWriter.write(file, set.rows(), set.width(), set.values()); // whole or not at all
    System.out.println("wrote " + file + " (" + set.rows() + " × " + set.width() + ")");
  }

  static Dataset crop() {
    Path samples = Job.root().toAbsolutePath().getParent().resolve("samples");
    ModelLayout layout = io.gradgen.Pipeline.check(samples.resolve("crop-yield.model")).layout();
    return DataLoader.read(samples.resolve("crop-yield.csv"), layout);
  }

  static Dataset linear(int rows, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] truth = new double[features];
    for (int j = 0; j < features; j++) {
      truth[j] = random.nextDouble(-1, 1);
    }
    int width = features + 1;
    double[] values = new double[rows * width];
    for (int r = 0; r < rows; r++) {
      double y = 0.5;
      for (int j = 0; j < features; j++) {
        double x = (float) gaussian(random);
        values[r * width + j] = x;
        y += truth[j] * x;
      }
      values[r * width + features] = (float) (y + 0.1 * gaussian(random));
    }
    return new Dataset("linear.npy", rows, width, values);
  }

  static Dataset tanh(int rows, int features, int hidden, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] w1 = new double[hidden * features];
    double[] w2 = new double[hidden];
    for (int i = 0; i < w1.length; i++) {
      w1[i] = gaussian(random) / Math.sqrt(features);
    }
    for (int i = 0; i < hidden; i++) {
      w2[i] = gaussian(random) / Math.sqrt(hidden);
    }
    int width = features + 1;
    double[] values = new double[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < features; j++) {
        values[r * width + j] = (float) gaussian(random);
      }
      double y = 0;
      for (int u = 0; u < hidden; u++) {
        double z = 0;
        for (int j = 0; j < features; j++) {
          z += w1[u * features + j] * values[r * width + j];
        }
        y += w2[u] * Math.tanh(z);
      }
      values[r * width + features] = (float) (y + 0.05 * gaussian(random));
    }
    return new Dataset("tanh.npy", rows, width, values);
  }

  /** Box–Muller: a standard normal from two uniforms. */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
