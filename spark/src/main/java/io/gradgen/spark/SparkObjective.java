package io.gradgen.spark;

import io.gradgen.cli.Distributed;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataException;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.RangeSums;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The objective of a model whose rows are on a Spark cluster's executors, cut into partitions at
 * {@link Cuts}; the {@link io.gradgen.runtime.train.Trainer} runs on the driver unchanged. A sum
 * over a range of positions is one Spark job: each block of the range ({@link RangeSums}) that lies
 * in one partition is summed by the executor holding it, which sends back one loss and one
 * gradient per block; a block that straddles two partitions (a mini-batch not on the blocks) has
 * its rows sent to the driver, which sums it with the same kernel; the driver adds the block sums
 * in block order. The bits are those of {@code ChunkedSum} on one machine, whatever the partitions.
 *
 * <p>Shuffling ({@link #arrange}) moves rows between executors once per epoch, a Spark shuffle
 * that puts each row at its new position's partition, so that an epoch's steps find their rows in
 * place. Metrics (values per row, added on the driver in file order as the trainer does) are taken
 * in one job per parameter set. No row is collected to the driver except those of a straddling block.
 */
final class SparkObjective implements Distributed.Session, RangeSums {
  private final JavaSparkContext spark;
  private final boolean ownsContext;
  private final ModelLayout layout;
  private final Model model;
  private final Broadcast<String> source;
  private final int rows;
  private final Cuts cuts;
  private final JavaRDD<Part> base;
  private JavaRDD<Part> current;
  private Broadcast<int[]> inverse;
  private double[] params;
  private double[] metricValues; // every position's metrics with the current params, once asked for
  private final boolean f32;
  private long bytesIn;
  private long bytesOut;
  private long jobs;

  SparkObjective(JavaSparkContext spark, boolean ownsContext, ModelLayout layout, Model model,
      Broadcast<String> source, int rows, Cuts cuts, JavaRDD<Part> base) {
    this.spark = spark;
    this.ownsContext = ownsContext;
    this.layout = layout;
    this.model = model;
    this.source = source;
    this.rows = rows;
    this.cuts = cuts;
    this.base = base;
    this.current = base;
    this.f32 = layout.precision() == Precision.F32;
    this.params = new double[layout.parameterCount()];
  }

  /** Partitions' position ranges, for tests and the figures. */
  Cuts cuts() {
    return cuts;
  }

  /** Bytes of parameters sent to executors and of sums and rows received, so far (values only). */
  long[] traffic() {
    return new long[] {bytesOut, bytesIn, jobs};
  }

  @Override
  public ModelLayout layout() {
    return layout;
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public void setParameters(double[] values) {
    if (f32) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) values[i]; // as an f32 objective rounds them, so the trainer holds what is used
      }
    }
    params = values.clone();
    metricValues = null;
  }

  @Override
  public double lossAndGradient(int from, int to, double[] gradient) {
    double[] sum = new double[gradient.length];
    double loss = sum(from, to, sum, true);
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] += sum[i];
    }
    return loss;
  }

  @Override
  public double loss(int from, int to) {
    return sum(from, to, null, true);
  }

  @Override
  public double lossAndGradientSum(int from, int to, double[] gradient) {
    Arrays.fill(gradient, 0);
    return sum(from, to, gradient, false);
  }

  @Override
  public double lossSum(int from, int to) {
    return sum(from, to, null, false);
  }

  /** One piece of a step: where its sum comes from. */
  private record Work(int partition, int index, List<int[]> gathered) {}

  /**
   * The sums over positions {@code [from, to)} in {@link RangeSums}' order (or, with {@code
   * oneCall}, as one kernel call: the trainer's range of at most one chunk), the gradient into
   * {@code gradient} (zero on entry; null for the loss alone).
   */
  private double sum(int from, int to, double[] gradient, boolean oneCall) {
    if (to <= from) {
      return 0;
    }
    int partitions = cuts.partitions();
    List<List<Integer>> plans = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      plans.add(new ArrayList<>());
    }
    List<Work> works = new ArrayList<>();
    int size = oneCall ? to - from : BLOCK_ROWS;
    for (int start = from; start < to; start += size) {
      int end = Math.min(to, start + size);
      int p = cuts.partitionOf(start);
      if (end <= cuts.end(p)) {
        List<Integer> plan = plans.get(p);
        works.add(new Work(p, plan.size() / 3, null));
        add(plan, oneCall ? StepTask.CHUNK : StepTask.BLOCK, start - cuts.start(p), end - cuts.start(p));
      } else { // its rows, from every partition they are in, for the driver to sum
        List<int[]> gathered = new ArrayList<>();
        for (int q = p; q < partitions && cuts.start(q) < end; q++) {
          int a = Math.max(start, cuts.start(q));
          int b = Math.min(end, cuts.end(q));
          if (b > a) {
            gathered.add(new int[] {q, plans.get(q).size() / 3});
            add(plans.get(q), StepTask.ROWS, a - cuts.start(q), b - cuts.start(q));
          }
        }
        works.add(new Work(-1, 0, gathered));
      }
    }
    List<StepTask.Piece>[] pieces = run(current, plans, gradient != null);
    double loss = 0;
    double[] block = gradient == null ? null : new double[gradient.length];
    for (Work work : works) {
      double blockLoss;
      if (work.gathered() == null) {
        StepTask.Piece piece = pieces[work.partition()].get(work.index());
        blockLoss = piece.loss();
        if (gradient != null) {
          System.arraycopy(piece.gradient(), 0, block, 0, block.length);
        }
      } else {
        blockLoss = onDriver(work.gathered(), pieces, block, oneCall);
      }
      loss += blockLoss;
      if (gradient != null) {
        for (int i = 0; i < gradient.length; i++) {
          gradient[i] += block[i];
        }
      }
    }
    return loss;
  }

  private static void add(List<Integer> plan, int what, int from, int to) {
    plan.add(what);
    plan.add(from);
    plan.add(to);
  }

  /** A straddling block's (or chunk's) sums, from its rows, with the kernel the executors run. */
  private double onDriver(List<int[]> gathered, List<StepTask.Piece>[] pieces, double[] block, boolean oneCall) {
    List<Object> parts = new ArrayList<>();
    int values = 0;
    for (int[] at : gathered) {
      Object slice = pieces[at[0]].get(at[1]).rows();
      parts.add(slice);
      values += f32 ? ((float[]) slice).length : ((double[]) slice).length;
    }
    int width = layout.rowWidth();
    double[] doubles = f32 ? null : new double[values];
    float[] floats = f32 ? new float[values] : null;
    int at = 0;
    for (Object slice : parts) {
      int length = f32 ? ((float[]) slice).length : ((double[]) slice).length;
      System.arraycopy(slice, 0, f32 ? floats : doubles, at, length);
      at += length;
    }
    int count = values / width;
    Part part = Part.of(0, count, width, doubles, floats, "(rows of a block)");
    Objective objective = OnExecutor.bind(OnExecutor.kernel(model), part);
    objective.setParameters(params.clone());
    if (oneCall) {
      if (block == null) {
        return objective.loss(0, count);
      }
      Arrays.fill(block, 0);
      return objective.lossAndGradient(0, count, block);
    }
    return RangeSums.block(objective, 0, count, block, block == null ? null : new double[block.length]);
  }

  /** One job over the partitions with work in {@code plans}: each one's pieces, in plan order. */
  @SuppressWarnings("unchecked")
  private List<StepTask.Piece>[] run(JavaRDD<Part> rdd, List<List<Integer>> plans, boolean withGradient) {
    int partitions = cuts.partitions();
    int[][] flat = new int[partitions][];
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      flat[p] = plans.get(p).stream().mapToInt(Integer::intValue).toArray();
      if (flat[p].length > 0) {
        ids.add(p);
      }
    }
    int[] touched = ids.stream().mapToInt(Integer::intValue).toArray();
    StepTask task = new StepTask(model, params, withGradient, flat);
    List<StepTask.Result>[] results = Failures.during(
        () -> rdd.mapPartitions(task).collectPartitions(touched));
    jobs++;
    bytesOut += 8L * params.length * touched.length;
    List<StepTask.Piece>[] pieces = new List[partitions];
    StepTask.Result located = null;
    for (List<StepTask.Result> list : results) {
      StepTask.Result result = list.get(0);
      if (result.error() != null) {
        if (result.failure() == StepTask.Failure.DATA) {
          throw new DataException(result.error());
        }
        if (result.failure() == StepTask.Failure.OTHER) {
          throw new SparkFailure("spark: an executor failed: " + result.error());
        }
        located = result;
        break;
      }
      pieces[result.partition()] = result.pieces();
      for (StepTask.Piece piece : result.pieces()) {
        bytesIn += piece.gradient() != null ? 8L * piece.gradient().length + 8 : 8;
        if (piece.rows() != null) {
          bytesIn += piece.rows() instanceof float[] f ? 4L * f.length : 8L * ((double[]) piece.rows()).length;
        }
      }
    }
    if (located != null) {
      throw new DataException(locate());
    }
    return pieces;
  }

  /** The first row of the file whose class index is bad, as the local objective names it. */
  private String locate() {
    List<List<Integer>> plans = new ArrayList<>();
    for (int p = 0; p < cuts.partitions(); p++) {
      List<Integer> plan = new ArrayList<>();
      if (cuts.end(p) > cuts.start(p)) {
        add(plan, StepTask.LOCATE, 0, 0);
      }
      plans.add(plan);
    }
    try {
      run(base, plans, false);
    } catch (DataException e) {
      return e.getMessage();
    }
    return "error: a class index is out of range"; // it failed in one arrangement only: not seen again
  }

  @Override
  public void predict(int row, double[] output) {
    int p = cuts.partitionOf(row);
    List<List<Integer>> plans = new ArrayList<>();
    for (int q = 0; q < cuts.partitions(); q++) {
      plans.add(new ArrayList<>());
    }
    add(plans.get(p), StepTask.PREDICT, row - cuts.start(p), row - cuts.start(p) + 1);
    double[] values = run(current, plans, false)[p].get(0).gradient();
    System.arraycopy(values, 0, output, 0, output.length);
  }

  @Override
  public void metrics(int row, double[] values) {
    int count = layout.metrics().size();
    if (count == 0) {
      return;
    }
    if (metricValues == null) {
      List<List<Integer>> plans = new ArrayList<>();
      for (int p = 0; p < cuts.partitions(); p++) {
        List<Integer> plan = new ArrayList<>();
        if (cuts.end(p) > cuts.start(p)) {
          add(plan, StepTask.METRICS, 0, cuts.end(p) - cuts.start(p));
        }
        plans.add(plan);
      }
      List<StepTask.Piece>[] pieces = run(current, plans, false);
      double[] all = new double[rows * count];
      for (int p = 0; p < cuts.partitions(); p++) {
        if (pieces[p] != null) {
          double[] part = pieces[p].get(0).gradient();
          System.arraycopy(part, 0, all, cuts.start(p) * count, part.length);
        }
      }
      metricValues = all;
    }
    System.arraycopy(metricValues, row * count, values, 0, count);
  }

  @Override
  public void arrange(int[] order) {
    metricValues = null;
    if (current != base) {
      current.unpersist(false);
    }
    if (inverse != null) {
      inverse.destroy();
      inverse = null;
    }
    if (order.length == 0) {
      current = base;
      return;
    }
    int[] positions = new int[order.length];
    for (int position = 0; position < order.length; position++) {
      positions[order[position]] = position;
    }
    inverse = spark.broadcast(positions);
    current = Arrangement.of(base, cuts, inverse, order.length).persist(StorageLevel.MEMORY_ONLY());
  }

  @Override
  public Objective copyForThread() {
    return this; // never asked: ChunkedSum hands this objective whole ranges
  }

  @Override
  public void close() {
    Failures.quietly(() -> {
      if (current != base) {
        current.unpersist(false);
      }
      base.unpersist(false);
      source.destroy();
      if (ownsContext) {
        spark.stop();
      }
      return null;
    });
  }
}
