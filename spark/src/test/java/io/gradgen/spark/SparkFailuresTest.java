package io.gradgen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradgen train --spark} as a user runs it (Main.run, in-process): the same output as
 * without Spark, and each failure one line with the local run's message and exit status.
 */
class SparkFailuresTest {
  static JavaSparkContext spark;
  static String[] badMaster;

  @TempDir static Path folder;

  @BeforeAll
  static void start() {
    // Before this class's context starts: a master that cannot be reached is the context's own failure.
    badMaster = run("train", "../samples/crop-yield.model", "--spark", "nosuch://nowhere:7077");
    spark = new JavaSparkContext(SparkDistributed.conf("local[2]", "gradgen failure tests"));
    SparkDistributed.share(spark);
  }

  @AfterAll
  static void stop() {
    SparkDistributed.share(null);
    spark.stop();
  }

  /** {exit status, stdout, stderr} of a command line. */
  static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new String[] {Integer.toString(status), out.toString(), err.toString()};
  }

  /** The output without its seconds, which differ from run to run. */
  static String timeless(String text) {
    return text.replaceAll("\\d+(\\.\\d+)? (s|ms)\\b", "T s").replaceAll("\\d+(\\.\\d+)?s\\b", "Ts");
  }

  @Test
  void aSampleGivesTheSameOutputAsWithoutSpark() {
    // A job per step and a shuffle per epoch: short runs (whole samples are the launcher check's).
    for (String[] sample : new String[][] {{"../samples/make-regression.model", "30"},
        {"../samples/crop-yield.model", "4"}}) {
      String[] local = run("train", sample[0], "--epochs", sample[1]);
      String[] distributed = run("train", sample[0], "--epochs", sample[1], "--spark", "local[2]", "--partitions", "3");
      assertEquals(local[0], distributed[0]);
      assertEquals(timeless(local[1]), timeless(distributed[1]), sample[0]);
      assertEquals(timeless(local[2]), timeless(distributed[2]), sample[0]);
    }
  }

  @Test
  void aMissingFileIsTheLocalLine() {
    String[] local = run("train", "../samples/crop-yield.model", "--data", "no/such.csv");
    String[] distributed = run("train", "../samples/crop-yield.model", "--data", "no/such.csv", "--spark", "local[2]");
    assertEquals("2", distributed[0]);
    assertEquals(local[2], distributed[2]);
    assertEquals("no/such.csv: error: file not found\n", distributed[2]);
  }

  /** A bad cell in the third partition's rows: read there, reported as the local reader reports it. */
  @Test
  void aBadCellOnAnExecutorIsTheLocalLine() throws IOException {
    Path data = folder.resolve("bad.csv");
    StringBuilder csv = new StringBuilder("x,y\n");
    for (int row = 0; row < 40_000; row++) {
      csv.append(row == 37_000 ? "1.5e" : Double.toString(row * 1e-5)).append(',').append(row * 2e-5).append('\n');
    }
    Files.writeString(data, csv);
    Path model = folder.resolve("bad.model");
    Files.writeString(model, "model Bad\ndata \"bad.csv\"\ninput x\ntarget y\nparam a = 0\n"
        + "output yhat = a * x\nloss mse(yhat, y)\ntrain { optimizer sgd(lr = 0.1) epochs 1 }\n");
    String[] local = run("train", model.toString());
    String[] distributed = run("train", model.toString(), "--spark", "local[2]", "--partitions", "3");
    assertEquals("2", distributed[0]);
    assertEquals(local[2], distributed[2]);
    assertTrue(distributed[2].endsWith(":37002:1: error: \"1.5e\" in column \"x\" is not a number\n"), distributed[2]);
  }

  @Test
  void aMasterThatCannotBeUsedIsOneLine() {
    assertEquals("1", badMaster[0]);
    assertTrue(badMaster[2].startsWith("error: spark: "), badMaster[2]);
    assertEquals(1, badMaster[2].lines().count(), badMaster[2]);
  }

  @Test
  void partitionsMustBeAtLeastOne() {
    String[] result = run("train", "../samples/crop-yield.model", "--spark", "local[2]", "--partitions", "0");
    assertEquals("2", result[0]);
    assertEquals("error: --partitions 0: give at least 1\n", result[2]);
  }

  /** newton needs Hessian-vector products, which the executors do not compute: refused before any work. */
  @Test
  void newtonIsRefusedWithTheOptimizersThatWork() {
    String[] result = run("train", "../samples/logistic.model", "--spark", "local[2]");
    assertEquals("2", result[0]);
    assertEquals("error: --spark computes losses and gradients on the cluster, not the Hessian-vector products"
        + " newton needs; use lbfgs or a first-order optimizer\n", result[2]);
    assertEquals("", result[1]);
  }

  @Test
  void aPageOfSparkIsItsFirstLine() {
    RuntimeException page = new RuntimeException("Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times\n"
        + "Driver stacktrace:\n\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(…)",
        new IllegalStateException("executor lost"));
    assertEquals("Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times", Failures.firstLine(page));
    SparkFailure failure = org.junit.jupiter.api.Assertions.assertThrows(SparkFailure.class,
        () -> Failures.during(() -> {
          throw page;
        }));
    assertEquals("spark: Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times", failure.getMessage());
  }
}
