package io.gradgen.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark jobs: a {@code .model} file under {@code benchmarks/models/} and the {@code .npy}
 * data set {@link MakeData} writes for it under {@code benchmarks/data/}. One JMH invocation trains
 * {@link #epochs} epochs; the report divides by them (and, for crop yields, by the steps too, so
 * that its unit is one optimizer step).
 *
 * <pre>
 * Job.of("linear-256").model()   // benchmarks/models/linear-256.model
 * </pre>
 */
enum Job {
  CROP_YIELD("crop-yield", "crop-yield", 100, 5),
  LINEAR_FULL("linear-full", "linear", 10, 1),
  LINEAR_256("linear-256", "linear", 5, 3907),
  TANH_NET("tanh-net", "tanh", 5, 100);

  /** The name JMH's {@code job} parameter and the report use. */
  final String key;
  /** The data set's file name under {@code data/}, without {@code .npy}. */
  final String data;
  /** Epochs one invocation trains: enough to make the trainer's per-run set-up negligible. */
  final int epochs;
  /** Optimizer steps an epoch. */
  final int stepsPerEpoch;

  Job(String key, String data, int epochs, int stepsPerEpoch) {
    this.key = key;
    this.data = data;
    this.epochs = epochs;
    this.stepsPerEpoch = stepsPerEpoch;
  }

  static Job of(String key) {
    for (Job job : values()) {
      if (job.key.equals(key)) {
        return job;
      }
    }
    throw new IllegalArgumentException("no benchmark job '" + key + "'");
  }

  Path model() {
    return root().resolve("models").resolve(key + ".model");
  }

  Path dataFile() {
    return root().resolve("data").resolve(data + ".npy");
  }

  /**
   * The {@code benchmarks/} folder: {@code -Dgradgen.bench.root}, else {@code benchmarks/} or the
   * working directory, whichever holds {@code models/}.
   */
  static Path root() {
    String configured = System.getProperty("gradgen.bench.root");
    if (configured != null) {
      return Path.of(configured);
    }
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("benchmarks/models")) ? here.resolve("benchmarks") : here;
  }
}
