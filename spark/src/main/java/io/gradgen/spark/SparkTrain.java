package io.gradgen.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The class {@code spark-submit} runs: {@code gradgen train} with the arguments given, on the
 * master spark-submit chose ({@code --master}, read from the {@code spark.master} property it
 * sets) unless {@code --spark} names one.
 *
 * <pre>
 * spark-submit --master yarn --class io.gradgen.spark.SparkTrain gradgen-spark-0.1.0-SNAPSHOT-all.jar \
 *     model.model --data hdfs://nn/data/rows.npy --partitions 64
 * </pre>
 */
public final class SparkTrain {
  private SparkTrain() {}

  public static void main(String[] args) {
    List<String> line = new ArrayList<>();
    line.add("train");
    line.addAll(Arrays.asList(args));
    if (!line.contains("--spark")) {
      line.add("--spark");
      line.add(System.getProperty("spark.master", "local[*]"));
    }
    System.exit(io.gradgen.cli.Main.run(line.toArray(String[]::new)));
  }
}
