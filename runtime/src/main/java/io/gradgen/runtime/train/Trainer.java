package io.gradgen.runtime.train;

import io.gradgen.runtime.ModelLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient descent over an {@link Objective}, as a PyTorch training loop does it:
 *
 * <pre>
 * for epoch in range(start, epochs):            # lr = schedule(epoch)
 *     for batch in DataLoader(train_rows, batch, shuffle, drop_last=False):
 *         loss = sum of per-sample losses       # gradient zeroed, then summed over the batch
 *         loss / len(batch) if mean             # the gradient too
 *         clip_grad_norm_(params, clip)
 *         optimizer.step()                      # lbfgs, newton: optimizer.step(closure), the
 *                                               # closure doing the three lines above
 *     validation loss with the epoch's final params; early stopping
 * </pre>
 *
 * <p>Rows: the first {@code round(split·N)} train, the rest validate (a model without inputs has
 * one row, and {@code batch}, {@code shuffle} and {@code split} do not apply). Shuffling reorders
 * only the training rows, anew each epoch, from {@code (shuffleSeed, epoch)} alone ({@link Shuffle}).
 * Batches are taken in order, the last one short; batch size 0 means all training rows.
 *
 * <p>Threads change nothing but speed: {@link ChunkedSum} cuts a batch into fixed-size chunks and
 * adds their gradients in chunk order, so 1, 2 or 4 threads give the same bits.
 *
 * <p>A non-finite loss or gradient (or a step that would make a parameter non-finite) stops
 * training at once with {@link TrainingResult.Stopped#DIVERGED}: the result keeps the parameters
 * from before that step, and its {@link TrainingState} is the one at the start of the failing
 * epoch, so that a resume with a smaller learning rate restarts that epoch cleanly; where not one
 * step of that epoch was finite (the epoch before ended where the loss overflows), it is the start
 * of the epoch before, the last whose parameters have a finite loss and gradient.
 *
 * <p>Bookkeeping stays out of a small model's way: a step allocates and copies nothing (it is
 * computed into a second array, kept only if finite), and an epoch allocates only its {@link
 * EpochRecord} (its start is kept in preallocated arrays and becomes a {@link TrainingState} only
 * if it diverges). Where the objective has an epoch kernel ({@link Objective#epochShape}) for the
 * run's optimizer and clipping, a batch is one chunk and the listener does not hear steps, the
 * kernel runs each epoch's steps in one call, with the same arithmetic.
 *
 * <p>Early stopping ({@code stop patience N}, which needs {@code split}) follows Keras'
 * {@code EarlyStopping}: an epoch improves when its validation loss plus {@code min_delta} (0 by
 * default) is strictly below the best so far; after N epochs in a row without improvement training
 * stops. The result keeps the final parameters, unless {@code restore_best}: then it is the best
 * epoch's parameters (and their losses), whether the run stopped early, ran all its epochs or
 * diverged, and {@link TrainingResult#bestEpoch} says which epoch; its {@link TrainingState} still
 * holds the final parameters, so that a resumed run continues where this one ended. A plateau
 * schedule hears each epoch's validation loss, or its training loss without {@code split}, after
 * the early-stopping check.
 *
 * <p>Metrics ({@code metric NAME = expr}) are taken after each epoch's steps, as the validation
 * loss is: each metric's mean over the training rows and over the validation rows with the epoch's
 * final parameters, every row's value added in file order on the calling thread (whatever the
 * shuffle, the threads, SIMD or the epoch kernel: the same bits), then divided by the rows. Not the
 * running mean of the steps the epoch's train loss is, which would need every step's parameters
 * inside the epoch kernel; the same as the result's final {@code loss}, which is also taken with
 * the final parameters. A metric that is not finite is reported as it is; it never stops training.
 *
 * <pre>
 * Trainer trainer = new Trainer(config, Runtime.getRuntime().availableProcessors());
 * TrainingResult result = trainer.train(objective, ParameterInit.initialize(layout, seed), null, TrainingListener.NONE);
 * </pre>
 */
public final class Trainer {
  private static final int[] ORIGINAL_ORDER = {};
  /** The metrics of a model without any. */
  static final double[] NO_METRICS = {};
  /**
   * Throws {@link IllegalArgumentException} unless {@code state}'s optimizer state can continue in
   * a run of {@code config} over {@code parameterCount} values (same optimizer, buffers of the
   * right size): what {@link #train} would find, before a kernel is compiled or data read for it.
   */
  public static void requireResumable(TrainingConfig config, int parameterCount, TrainingState state) {
    Optimizer.create(config.optimizer(), parameterCount).restore(state.optimizer());
  }

  /** The most epochs {@link TrainingResult#history} holds; a longer run's are evenly thinned. */
  public static final int MAX_HISTORY = 100_000;

  private final TrainingConfig config;
  private final int threads;

  public Trainer(TrainingConfig config, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    this.config = config;
    this.threads = threads;
  }

  /**
   * Trains from {@code params} (left untouched; the result holds its own array), or from {@code
   * resume} when it is not null, up to {@code config.epochs()} epochs in total, telling {@code
   * listener} (may be null) about each epoch.
   *
   * @throws IllegalArgumentException when the configuration does not fit the data or the model
   *     (a split leaving no rows on one side, patience without split, a resume state for another
   *     optimizer or another parameter count)
   */
  public TrainingResult train(
      Objective objective, double[] params, TrainingState resume, TrainingListener listener) {
    long start = System.nanoTime();
    Run run = new Run(objective, params, resume, listener, start);
    try (ChunkedSum sum = new ChunkedSum(objective, threads, run.parameterCount)) {
      objective.arrange(ORIGINAL_ORDER);
      objective.expectRows((long) Math.max(0, config.epochs() - run.epoch) * run.rows.train());
      // One call an epoch: a short run's epochs get compiled code sooner than a loop in this
      // method would (HotSpot compiles a loop run once only after tens of thousands of turns).
      while (run.stopped == TrainingResult.Stopped.EPOCHS && run.epoch < config.epochs() && run.epoch(sum)) {
        // the epoch is done and recorded
      }
      return run.finish(sum);
    }
  }

  /** One training run's state, from its first epoch to its result. */
  private final class Run {
    final Objective objective;
    final Rows rows;
    final int parameterCount;
    final Optimizer optimizer;
    /** lbfgs' and newton's closure over the current batch; null for the other optimizers. */
    final BatchClosure closure;
    final Schedule schedule;
    final TrainingListener hear;
    final long start;
    // Bounded however long the run: a 200,000,000-epoch run would fill the heap with records.
    final Thinned<EpochRecord> history = new Thinned<>(MAX_HISTORY);
    EpochRecord lastRecord;
    int recorded;
    // Every buffer is allocated here, once: an epoch of a small model is only a few steps.
    final double[] gradient;
    double[] current;
    double[] next; // a step's result, kept only once it is finite
    // The starts of this epoch and the one before, for the state of a diverged run; swapped, not copied.
    double[] epochParams;
    double[] earlierParams;
    long earlierSteps;
    Double epochBest;
    Double earlierBest;
    int epochWithout;
    int earlierWithout;
    Integer epochBestEpoch;
    Integer earlierBestEpoch;
    double[] epochBestParams;
    double[] earlierBestParams;
    /** Whether {@link #earlierParams} holds the start of an epoch of this run. */
    boolean hasEarlier;
    final int[] order;
    final boolean mean = config.reduction() == TrainingConfig.Reduction.MEAN;
    final Double clip = config.clip();
    final boolean fused;
    final int batches;
    final double[] fusedLoss;
    final int metricCount;
    final double[] rowMetrics; // one row's metric values
    final int[] positions; // where each training row is in the objective's arrangement
    int epoch;
    long steps;
    Double best;
    int withoutImprovement;
    // With restore_best: the best epoch (1-based) and its parameters, a fresh array at each improvement.
    Integer bestEpoch;
    double[] bestParams;
    TrainingResult.Stopped stopped = TrainingResult.Stopped.EPOCHS;
    Integer divergedEpoch;
    TrainingState state;
    /** Whether the current epoch's steps stopped at a step that was not finite. */
    boolean diverged;

    Run(Objective objective, double[] params, TrainingState resume, TrainingListener listener, long start) {
      this.objective = objective;
      this.start = start;
      ModelLayout layout = objective.layout();
      rows = Rows.of(config, objective);
      parameterCount = layout.parameterCount();
      optimizer = Optimizer.create(config.optimizer(), parameterCount);
      if (config.optimizer().kind() == OptimizerSpec.Kind.NEWTON && !objective.hasHessianVectorProducts()) {
        throw new IllegalArgumentException("optimizer newton needs Hessian-vector products, and this objective ("
            + layout.modelName() + ") computes none; use lbfgs, or a backend that generates them");
      }
      closure = optimizer instanceof ClosureSteps ? new BatchClosure(parameterCount) : null;
      schedule = new Schedule(config.schedule(), config.optimizer().lr());
      hear = listener == null ? TrainingListener.NONE : listener;
      current = (resume == null ? params : resume.params()).clone();
      if (current.length != parameterCount) {
        throw new IllegalArgumentException(
            "model " + layout.modelName() + " has " + parameterCount + " parameter values, not " + current.length);
      }
      if (resume != null) {
        optimizer.restore(resume.optimizer());
        epoch = resume.epoch();
        steps = resume.steps();
        best = resume.bestValidationLoss();
        withoutImprovement = resume.epochsWithoutImprovement();
        schedule.restore(resume.schedule());
        if (config.restoreBest()) {
          bestEpoch = resume.bestEpoch();
          bestParams = resume.bestParams();
        }
      }
      objective.setParameters(current);
      if (earlyStop(withoutImprovement)) {
        stopped = TrainingResult.Stopped.EARLY_STOPPING; // the saved run had already stopped
      }
      gradient = new double[parameterCount];
      next = new double[parameterCount];
      epochParams = new double[parameterCount];
      earlierParams = new double[parameterCount];
      order = rows.shuffled() ? new int[rows.train()] : null;
      // A small model's kernel may run each epoch's steps itself: the same arithmetic, no trip
      // through these arrays per step. Only for the optimizer and clipping it was generated for,
      // batches of one chunk, and where nothing needs the steps one by one.
      EpochShape shape = EpochShape.of(config);
      fused = shape != null && shape.equals(objective.epochShape())
          && rows.batch() <= ChunkedSum.CHUNK_ROWS && !hearsSteps(hear);
      batches = (rows.train() + rows.batch() - 1) / rows.batch();
      fusedLoss = fused ? new double[1] : null;
      metricCount = layout.metrics().size();
      rowMetrics = new double[metricCount];
      positions = metricCount > 0 && order != null ? new int[rows.train()] : null;
    }

    /** One epoch: its steps, its validation, its record; false if it diverged. */
    boolean epoch(ChunkedSum sum) {
      // The epoch's start, in case it diverges: no snapshot object unless it does. The start of
      // the epoch before is kept too: where the first step fails, this start's loss is not finite.
      double[] swap = earlierParams;
      earlierParams = epochParams;
      epochParams = swap;
      System.arraycopy(current, 0, epochParams, 0, parameterCount);
      earlierBest = epochBest;
      earlierWithout = epochWithout;
      epochBest = best;
      epochWithout = withoutImprovement;
      earlierBestEpoch = epochBestEpoch;
      earlierBestParams = epochBestParams;
      epochBestEpoch = bestEpoch;
      epochBestParams = bestParams;
      long epochSteps = steps;
      optimizer.mark();
      double lr = schedule.rate(epoch);
      if (order != null) {
        Shuffle.permute(config.shuffleSeed(), epoch, order);
        if (!fused) {
          objective.arrange(order); // the epoch kernel reads the rows through the order instead
        }
      }
      diverged = false;
      double epochLoss = fused ? fusedEpoch(lr) : steps(sum, lr);
      if (diverged) {
        stopped = TrainingResult.Stopped.DIVERGED;
        divergedEpoch = epoch + 1;
        if (steps == epochSteps && hasEarlier) {
          // Not one step of this epoch was finite: its start, the last epoch's result, is where the
          // loss first overflowed. The state to resume from is the start of the epoch before.
          optimizer.rewindEarlier();
          state = new TrainingState(epoch - 1, earlierSteps, earlierParams, optimizer.state(), earlierBest,
              earlierWithout, schedule.earlierState(), earlierBestEpoch, earlierBestParams);
        } else {
          optimizer.rewind();
          state = new TrainingState(epoch, epochSteps, epochParams, optimizer.state(), epochBest, epochWithout,
              schedule.state(), epochBestEpoch, epochBestParams);
        }
        return false;
      }
      earlierSteps = epochSteps;
      hasEarlier = true;
      epoch++;
      Double validation = rows.validation() == 0 ? null : sum.loss(rows.train(), rows.all()) / rows.validation();
      if (validation != null) {
        // Keras' form of min_delta for mode min: current − (−min_delta) < best.
        if (best == null || validation + config.minDelta() < best) {
          best = validation;
          withoutImprovement = 0;
          if (config.restoreBest()) {
            bestEpoch = epoch;
            bestParams = current.clone();
          }
        } else {
          withoutImprovement++;
        }
      }
      // The epoch kernel reads the rows through the order; the steps one by one, arranged by it.
      double[] trainMetrics = metricMeans(0, rows.train(), order != null && !fused ? order : null);
      double[] validationMetrics = validation == null ? null : metricMeans(rows.train(), rows.all(), null);
      EpochRecord record = new EpochRecord(epoch, epochLoss / rows.train(), validation, lr, seconds(start),
          trainMetrics, validationMetrics);
      schedule.observe(validation != null ? validation : record.trainLoss());
      history.add(record, recorded++);
      lastRecord = record;
      hear.epoch(record);
      if (earlyStop(withoutImprovement)) {
        stopped = TrainingResult.Stopped.EARLY_STOPPING;
      }
      return true;
    }

    /** The epoch's steps by the kernel's epoch method: their summed loss (see {@link #diverged}). */
    private double fusedEpoch(double lr) {
      EpochStep step = optimizer.epochStep(config.optimizer(), lr, clip == null ? 0 : clip);
      int done = objective.epoch(order, rows.train(), rows.batch(), mean, step, current, fusedLoss);
      optimizer.advance(done);
      steps += done;
      diverged = done < batches;
      return fusedLoss[0];
    }

    /** The epoch's steps one by one: their summed loss (see {@link #diverged}). */
    private double steps(ChunkedSum sum, double lr) {
      if (closure != null) {
        return closureSteps(sum, lr);
      }
      double epochLoss = 0;
      for (int from = 0; from < rows.train(); from += rows.batch()) {
        int to = Math.min(from + rows.batch(), rows.train());
        double loss = sum.lossAndGradient(from, to, gradient);
        // Dividing keeps a value finite or not, so the mean's pass can check the gradient too.
        boolean finite = mean && to - from > 1 ? divideAllFinite(gradient, to - from) : allFinite(gradient);
        if (!Double.isFinite(loss) || !finite) {
          diverged = true;
          return epochLoss;
        }
        epochLoss += loss;
        if (clip != null) {
          GradientClip.clip(gradient, clip);
        }
        // Into next, so that current is still the parameters from before the step if it is not
        // finite; then the two arrays swap roles, with nothing copied.
        optimizer.step(current, gradient, lr, next);
        if (!allFinite(next)) {
          diverged = true;
          return epochLoss;
        }
        double[] swap = current;
        current = next;
        next = swap;
        objective.setParameters(current);
        steps++;
        hear.step(steps, current);
      }
      return epochLoss;
    }

    /**
     * lbfgs' and newton's steps, one {@code opt.step(closure)} a batch: the epoch's loss adds up
     * each step's first evaluation (the loss {@code step} returns, at the parameters before it),
     * and a first evaluation that is not finite stops training as any other optimizer's gradient
     * would. What the closure sees later in a step (line-search trials) is the optimizer's to
     * handle, as in torch; the step's result must be finite.
     */
    private double closureSteps(ChunkedSum sum, double lr) {
      ClosureSteps closing = (ClosureSteps) optimizer;
      double epochLoss = 0;
      for (int from = 0; from < rows.train(); from += rows.batch()) {
        closure.batch(sum, from, Math.min(from + rows.batch(), rows.train()));
        boolean finite;
        try {
          closing.step(current, closure, lr, next);
          finite = allFinite(next);
        } catch (BatchClosure.NotFinite e) {
          finite = false;
        }
        if (!finite) {
          // The closure left the objective at its last trial point: back to the parameters kept.
          objective.setParameters(current);
          diverged = true;
          return epochLoss;
        }
        epochLoss += closure.firstLoss;
        double[] swap = current;
        current = next;
        next = swap;
        objective.setParameters(current);
        steps++;
        hear.step(steps, current);
      }
      return epochLoss;
    }

    /** The closure over rows {@code [from, to)}: the batch's loss and gradient, reduced and clipped as the run's. */
    final class BatchClosure implements Closure {
      /** A first evaluation that is not finite: the step is abandoned (no stack trace: it is not a bug). */
      static final class NotFinite extends RuntimeException {
        NotFinite() {
          super(null, null, false, false);
        }
      }

      private final NotFinite notFinite = new NotFinite();
      private final double[] hvpGradient;
      private ChunkedSum sum;
      private int from;
      private int to;
      private int evaluations;
      /** The summed loss of the step's first evaluation. */
      double firstLoss;

      BatchClosure(int size) {
        hvpGradient = new double[size];
      }

      void batch(ChunkedSum batchSum, int batchFrom, int batchTo) {
        sum = batchSum;
        from = batchFrom;
        to = batchTo;
        evaluations = 0;
      }

      @Override
      public double evaluate(double[] params, double[] into) {
        objective.setParameters(params);
        double loss = sum.lossAndGradient(from, to, into);
        int count = to - from;
        boolean finite = mean && count > 1 ? divideAllFinite(into, count) : allFinite(into);
        if (evaluations++ == 0) {
          if (!Double.isFinite(loss) || !finite) {
            throw notFinite;
          }
          firstLoss = loss;
        }
        if (clip != null) {
          GradientClip.clip(into, clip);
        }
        return mean ? loss / count : loss;
      }

      @Override
      public void hessianVector(double[] direction, double[] into) {
        java.util.Arrays.fill(into, 0);
        java.util.Arrays.fill(hvpGradient, 0);
        objective.lossGradientAndHessianVector(from, to, direction, hvpGradient, into);
        int count = to - from;
        if (mean && count > 1) {
          for (int i = 0; i < into.length; i++) {
            into[i] /= count;
          }
        }
      }
    }

    TrainingResult finish(ChunkedSum sum) {
      if (state == null) {
        state = new TrainingState(epoch, steps, current.clone(), optimizer.state(), best, withoutImprovement,
            schedule.state(), bestEpoch, bestParams);
      }
      objective.trainingEnded();
      objective.arrange(ORIGINAL_ORDER);
      boolean restored = bestParams != null;
      double[] result = restored ? bestParams.clone() : current;
      if (restored) {
        objective.setParameters(result);
      }
      // The final loss with whichever method the JIT has compiled: loss() has run only if there
      // were validation rows; else lossAndGradient, which gives the same loss to the bit
      // (JavaEmitterTest) and costs a backward pass, where a first loss() would run interpreted
      // (0.3 s of a one-epoch tanh network's 1.3 s, measured).
      double loss = (rows.validation() == 0 && !fused
          ? sum.lossAndGradient(0, rows.train(), gradient)
          : sum.loss(0, rows.train())) / rows.train();
      Double validation = rows.validation() == 0 ? null : sum.loss(rows.train(), rows.all()) / rows.validation();
      List<EpochRecord> kept = new ArrayList<>(history.items());
      if (lastRecord != null && kept.get(kept.size() - 1) != lastRecord) {
        kept.add(lastRecord);
      }
      return new TrainingResult(loss, validation, epoch, steps, seconds(start), result, stopped, divergedEpoch,
          kept, state, metricMeans(0, rows.train(), null),
          validation == null ? null : metricMeans(rows.train(), rows.all(), null), restored ? bestEpoch : null);
    }

    /**
     * Each metric's mean over rows {@code [from, to)}, their values added in file order: the
     * training rows are where {@code arranged} (null: their own places) has put them.
     */
    double[] metricMeans(int from, int to, int[] arranged) {
      if (metricCount == 0) {
        return NO_METRICS;
      }
      if (arranged != null) {
        for (int position = 0; position < arranged.length; position++) {
          positions[arranged[position]] = position;
        }
      }
      double[] sums = new double[metricCount];
      for (int row = from; row < to; row++) {
        objective.metrics(arranged != null && row < arranged.length ? positions[row] : row, rowMetrics);
        for (int metric = 0; metric < metricCount; metric++) {
          sums[metric] += rowMetrics[metric];
        }
      }
      for (int metric = 0; metric < metricCount; metric++) {
        sums[metric] /= to - from;
      }
      return sums;
    }
  }

  /** Stops after {@code patience} epochs in a row without improvement (checked after one). */
  private boolean earlyStop(int withoutImprovement) {
    return config.patience() != null && withoutImprovement > 0 && withoutImprovement >= config.patience();
  }

  /** Whether {@code listener} overrides {@link TrainingListener#step}, and so wants every step. */
  private static boolean hearsSteps(TrainingListener listener) {
    try {
      return listener.getClass().getMethod("step", long.class, double[].class).getDeclaringClass()
          != TrainingListener.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  /** Divides every value by {@code count}; whether all of them are finite. */
  private static boolean divideAllFinite(double[] values, int count) {
    boolean finite = true;
    for (int i = 0; i < values.length; i++) {
      double value = values[i] / count;
      values[i] = value;
      finite &= Double.isFinite(value);
    }
    return finite;
  }

  private static boolean allFinite(double[] values) {
    for (double value : values) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
