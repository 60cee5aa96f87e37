package io.gradgen.spark;

import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.RangeSums;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * One step's work on each partition it touches: with the step's parameters (carried in the task,
 * a few values), the blocks of the step that lie in the partition summed there ({@link
 * RangeSums#block}), a step of one chunk computed with one kernel call, and the rows of a block
 * that straddles partitions copied out for the driver to sum (see {@link SparkObjective}).
 *
 * <p>{@code plans[p]} lists partition p's work as triples (what, first row, end row), rows counted
 * within the part; the result has one {@link Piece} per triple, in order.
 */
final class StepTask implements FlatMapFunction<Iterator<Part>, StepTask.Result> {
  private static final long serialVersionUID = 1L;

  static final int BLOCK = 0;
  static final int CHUNK = 1;
  static final int ROWS = 2;
  static final int METRICS = 3;
  /** The first row of the part whose class index is bad, as the file's row (parts in file order). */
  static final int LOCATE = 4;
  /** One row's output. */
  static final int PREDICT = 5;

  /** What stopped a partition: a one-line error to report as it is, one to locate in the file, another failure. */
  enum Failure { DATA, LOCATE, OTHER }

  /** What a triple gave: a loss and gradient, or rows (a flat array), or metric values. */
  record Piece(double loss, double[] gradient, Object rows) implements Serializable {}

  /** A partition's pieces, or the one-line error that stopped it. */
  record Result(int partition, List<Piece> pieces, String error, Failure failure) implements Serializable {}

  private final Model model;
  private final double[] params;
  private final boolean withGradient;
  private final int[][] plans;

  StepTask(Model model, double[] params, boolean withGradient, int[][] plans) {
    this.model = model;
    this.params = params;
    this.withGradient = withGradient;
    this.plans = plans;
  }

  @Override
  public Iterator<Result> call(Iterator<Part> parts) {
    Part part = parts.next();
    int partition = org.apache.spark.TaskContext.getPartitionId();
    int[] plan = plans[partition];
    List<Piece> pieces = new java.util.ArrayList<>(plan.length / 3);
    try {
      if (part.error != null) {
        return failed(partition, part.error, Failure.DATA);
      }
      Objective objective = plan.length == 0 ? null : OnExecutor.objective(model, part);
      if (objective != null) {
        objective.setParameters(params.clone());
      }
      int parameterCount = params.length;
      for (int i = 0; i < plan.length; i += 3) {
        int from = plan[i + 1];
        int to = plan[i + 2];
        switch (plan[i]) {
          case BLOCK -> {
            double[] block = withGradient ? new double[parameterCount] : null;
            double loss = RangeSums.block(objective, from, to, block, withGradient ? new double[parameterCount] : null);
            pieces.add(new Piece(loss, block, null));
          }
          case CHUNK -> {
            double[] gradient = withGradient ? new double[parameterCount] : null;
            double loss = withGradient ? objective.lossAndGradient(from, to, gradient) : objective.loss(from, to);
            pieces.add(new Piece(loss, gradient, null));
          }
          case ROWS -> pieces.add(new Piece(0, null, part.slice(from, to)));
          case METRICS -> {
            int count = objective.layout().metrics().size();
            double[] values = new double[(to - from) * count];
            double[] row = new double[count];
            for (int r = from; r < to; r++) {
              objective.metrics(r, row);
              System.arraycopy(row, 0, values, (r - from) * count, count);
            }
            pieces.add(new Piece(0, values, null));
          }
          case PREDICT -> {
            double[] output = new double[objective.layout().outputSize()];
            objective.predict(from, output);
            pieces.add(new Piece(0, output, null));
          }
          case LOCATE -> {
            try {
              objective.loss(0, part.rows);
            } catch (io.gradgen.runtime.data.DataException e) {
              return failed(partition, inFile(e.getMessage(), part), Failure.DATA);
            }
          }
          default -> throw new IllegalStateException("no step work " + plan[i]);
        }
      }
    } catch (io.gradgen.runtime.data.DataException e) {
      // A bad class index, named at its row among the part's rows: the driver finds the file's first.
      return failed(partition, e.getMessage(), Failure.LOCATE);
    } catch (io.gradgen.runtime.ClassIndexException e) {
      return failed(partition, "error: " + e.getMessage(), Failure.DATA); // a model without data: no row to name
    } catch (RuntimeException e) {
      return failed(partition, String.valueOf(e.getMessage()), Failure.OTHER);
    }
    return List.of(new Result(partition, pieces, null, null)).iterator();
  }

  private static Iterator<Result> failed(int partition, String error, Failure failure) {
    return List.of(new Result(partition, List.of(), error, failure)).iterator();
  }

  /** {@code SOURCE: error: row N: …} of a part's objective, N counted in the file: the part starts at row part.first. */
  static String inFile(String message, Part part) {
    String prefix = part.source + ": error: row ";
    if (!message.startsWith(prefix)) {
      return message;
    }
    int colon = message.indexOf(':', prefix.length());
    try {
      long row = Long.parseLong(message.substring(prefix.length(), colon));
      return prefix + (row + part.first) + message.substring(colon);
    } catch (RuntimeException e) {
      return message;
    }
  }
}
