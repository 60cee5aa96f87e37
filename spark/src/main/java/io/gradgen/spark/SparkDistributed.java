package io.gradgen.spark;

import io.gradgen.CompiledModel;
import io.gradgen.PreparedModel;
import io.gradgen.cli.Distributed;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.data.DataException;
import io.gradgen.runtime.train.TrainingConfig;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code gradgen train --spark MASTER}: starts (or joins) a Spark context, has the executors count
 * and read the data file's rows, each partition its own range at {@link Cuts}, and gives the
 * {@link SparkObjective} over them. Spark's log goes to a file (log4j2.properties in this jar).
 */
public final class SparkDistributed implements Distributed {
  private static volatile JavaSparkContext shared;

  /** Runs use {@code context} (not stopped at their end) instead of starting their own: tests, a notebook. */
  public static void share(JavaSparkContext context) {
    shared = context;
  }

  /** The Spark configuration gradgen starts a context with: no UI, no console progress, local on 127.0.0.1. */
  public static SparkConf conf(String master, String name) {
    SparkConf conf = new SparkConf().setMaster(master).setAppName(name)
        .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false");
    if (master.startsWith("local")) {
      conf.set("spark.driver.bindAddress", "127.0.0.1").set("spark.driver.host", "127.0.0.1");
    }
    return conf;
  }

  @Override
  public Session open(PreparedModel prepared, Path data, TrainingConfig config, String master, Integer partitions) {
    CompiledModel compiled = (CompiledModel) prepared;
    ModelLayout layout = compiled.layout();
    JavaSparkContext context = shared;
    boolean owns = context == null;
    if (owns) {
      context = Failures.during(() -> new JavaSparkContext(conf(master, "gradgen " + layout.modelName())));
    }
    JavaSparkContext spark = context;
    try {
      return open(spark, owns, compiled, data == null ? null : Loader.of(data), config, partitions);
    } catch (RuntimeException e) {
      if (owns) {
        Failures.quietly(() -> {
          spark.stop();
          return null;
        });
      }
      throw e;
    }
  }

  /** The count of a file's rows, or its one-line error, from an executor. */
  private record Count(long rows, String error) implements Serializable {}

  static SparkObjective open(JavaSparkContext spark, boolean owns, CompiledModel compiled, String file,
      TrainingConfig config, Integer partitions) {
    ModelLayout layout = compiled.layout();
    String className = JavaEmitter.DEFAULT_PACKAGE + "." + JavaEmitter.className(layout.modelName());
    Broadcast<String> source = spark.broadcast(compiled.javaSource());
    Model model = new Model(className, compiled.javaSource(), source);
    int rows;
    int parts;
    if (file == null || !layout.hasInputs()) {
      rows = 1;
      parts = 1; // one row: one partition holds it
    } else {
      Loader loader = new Loader(file);
      Count count = Failures.during(() -> spark.parallelize(List.of(0), 1).map(zero -> {
        try {
          return new Count(loader.count(OnExecutor.kernel(model).layout()), null);
        } catch (DataException e) {
          return new Count(-1, e.getMessage());
        }
      }).collect().get(0));
      if (count.error() != null) {
        throw new DataException(count.error());
      }
      if (count.rows() > Integer.MAX_VALUE - 8) {
        throw new DataException(file + ": error: too large: " + count.rows() + " rows");
      }
      rows = (int) count.rows();
      parts = partitions != null ? partitions : spark.defaultParallelism();
    }
    int train = rows;
    if (config.split() != null && layout.hasInputs()) { // as the trainer's Rows cuts them; it reports a bad split
      train = (int) Math.max(0, Math.min(rows, Math.round(config.split() * rows)));
    }
    Cuts cuts = Cuts.of(rows, layout.hasInputs() ? train : 1, parts);
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      ids.add(p);
    }
    Loader loader = file == null ? null : new Loader(file);
    boolean inputs = layout.hasInputs();
    JavaRDD<Part> base = spark.parallelize(ids, parts).map(p -> {
      if (!inputs) {
        return Loader.none();
      }
      ModelLayout kernelLayout = OnExecutor.kernel(model).layout(); // the layout is not serializable; the kernel has it
      int first = cuts.start(p);
      int end = cuts.end(p);
      if (end > first) {
        return loader.read(kernelLayout, first, end);
      }
      boolean f32 = kernelLayout.precision() == io.gradgen.runtime.Precision.F32;
      return Part.of(first, 0, kernelLayout.rowWidth(), f32 ? null : new double[0], f32 ? new float[0] : null, file);
    }).persist(StorageLevel.MEMORY_ONLY());
    // Read now, once: the first part (in file order) that could not be read is the file's error.
    List<String> errors = Failures.during(() -> base.map(part -> part.error == null ? "" : part.error).collect());
    for (String error : errors) {
      if (!error.isEmpty()) {
        base.unpersist(false);
        throw new DataException(error);
      }
    }
    return new SparkObjective(spark, owns, layout, model, source, rows, cuts, base);
  }
}
