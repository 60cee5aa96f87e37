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
 *         optimizer.step()
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
 * epoch, so that a resume with a smaller learning rate restarts that epoch cleanly.
 *
 * <p>Bookkeeping stays out of a small model's way: a step allocates and copies nothing (it is
 * computed into a second array, kept only if finite), and an epoch allocates only its {@link
 * EpochRecord} (its start is kept in preallocated arrays and becomes a {@link TrainingState} only
 * if it diverges). Where the objective has an epoch kernel ({@link Objective#epochShape}) for the
 * run's optimizer and clipping, a batch is one chunk and the listener does not hear steps, the
 * kernel runs each epoch's steps in one call, with the same arithmetic.
 *
 * <p>Early stopping ({@code stop patience N}, which needs {@code split}) follows Keras'
 * {@code EarlyStopping} defaults: an epoch improves when its validation loss is strictly below the
 * best so far; after N epochs in a row without improvement training stops, and the result keeps the
 * final parameters, not the best ones ({@code restore_best_weights=False}).
 *
 * <pre>
 * Trainer trainer = new Trainer(config, Runtime.getRuntime().availableProcessors());
 * TrainingResult result = trainer.train(objective, ParameterInit.initialize(layout, seed), null, TrainingListener.NONE);
 * </pre>
 */
public final class Trainer {
  private static final int[] ORIGINAL_ORDER = {};

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
    ModelLayout layout = objective.layout();
    Rows rows = Rows.of(config, objective);
    int parameterCount = layout.parameterCount();
    Optimizer optimizer = Optimizer.create(config.optimizer(), parameterCount);
    Schedule schedule = new Schedule(config.schedule(), config.optimizer().lr());
    TrainingListener hear = listener == null ? TrainingListener.NONE : listener;

    double[] current = (resume == null ? params : resume.params()).clone();
    if (current.length != parameterCount) {
      throw new IllegalArgumentException(
          "model " + layout.modelName() + " has " + parameterCount + " parameter values, not " + current.length);
    }
    int epoch = 0;
    long steps = 0;
    Double best = null;
    int withoutImprovement = 0;
    if (resume != null) {
      optimizer.restore(resume.optimizer());
      epoch = resume.epoch();
      steps = resume.steps();
      best = resume.bestValidationLoss();
      withoutImprovement = resume.epochsWithoutImprovement();
    }
    objective.setParameters(current);

    TrainingResult.Stopped stopped = TrainingResult.Stopped.EPOCHS;
    if (earlyStop(withoutImprovement)) {
      stopped = TrainingResult.Stopped.EARLY_STOPPING; // the saved run had already stopped
    }
    Integer divergedEpoch = null;
    TrainingState state = null;
    List<EpochRecord> history = new ArrayList<>();
    // Every buffer is allocated here, once: an epoch of a small model is only a few steps.
    double[] gradient = new double[parameterCount];
    double[] next = new double[parameterCount]; // a step's result, kept only once it is finite
    double[] epochParams = new double[parameterCount]; // for the state of a diverged epoch
    int[] order = rows.shuffled() ? new int[rows.train()] : null;
    boolean mean = config.reduction() == TrainingConfig.Reduction.MEAN;
    Double clip = config.clip();
    // A small model's kernel may run each epoch's steps itself: the same arithmetic, no trip
    // through these arrays per step. Only for the optimizer and clipping it was generated for,
    // batches of one chunk, and where nothing needs the steps one by one.
    boolean fused = EpochShape.of(config).equals(objective.epochShape())
        && rows.batch() <= ChunkedSum.CHUNK_ROWS && !hearsSteps(hear);
    int batches = (rows.train() + rows.batch() - 1) / rows.batch();
    double[] fusedLoss = fused ? new double[1] : null;
    try (ChunkedSum sum = new ChunkedSum(objective, threads, parameterCount)) {
      objective.arrange(ORIGINAL_ORDER);
      objective.expectRows((long) Math.max(0, config.epochs() - epoch) * rows.train());
      while (stopped == TrainingResult.Stopped.EPOCHS && epoch < config.epochs()) {
        // The epoch's start, in case it diverges: no snapshot object unless it does.
        System.arraycopy(current, 0, epochParams, 0, parameterCount);
        long epochSteps = steps;
        optimizer.mark();
        double lr = schedule.rate(epoch);
        if (order != null) {
          Shuffle.permute(config.shuffleSeed(), epoch, order);
          if (!fused) {
            objective.arrange(order); // the epoch kernel reads the rows through the order instead
          }
        }
        double epochLoss = 0;
        boolean diverged = false;
        if (fused) {
          EpochStep step = optimizer.epochStep(config.optimizer(), lr, clip == null ? 0 : clip);
          int done = objective.epoch(order, rows.train(), rows.batch(), mean, step, current, fusedLoss);
          optimizer.advance(done);
          steps += done;
          epochLoss = fusedLoss[0];
          diverged = done < batches;
        }
        for (int from = 0; !fused && from < rows.train(); from += rows.batch()) {
          int to = Math.min(from + rows.batch(), rows.train());
          double loss = sum.lossAndGradient(from, to, gradient);
          // Dividing keeps a value finite or not, so the mean's pass can check the gradient too.
          boolean finite = mean && to - from > 1 ? divideAllFinite(gradient, to - from) : allFinite(gradient);
          if (!Double.isFinite(loss) || !finite) {
            diverged = true;
            break;
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
            break;
          }
          double[] swap = current;
          current = next;
          next = swap;
          objective.setParameters(current);
          steps++;
          hear.step(steps, current);
        }
        if (diverged) {
          stopped = TrainingResult.Stopped.DIVERGED;
          divergedEpoch = epoch + 1;
          optimizer.rewind(); // best and withoutImprovement only change after the batches
          state = new TrainingState(epoch, epochSteps, epochParams, optimizer.state(), best, withoutImprovement);
          break;
        }
        epoch++;
        Double validation = rows.validation() == 0 ? null : sum.loss(rows.train(), rows.all()) / rows.validation();
        if (validation != null) {
          if (best == null || validation < best) {
            best = validation;
            withoutImprovement = 0;
          } else {
            withoutImprovement++;
          }
        }
        EpochRecord record =
            new EpochRecord(epoch, epochLoss / rows.train(), validation, lr, seconds(start));
        history.add(record);
        hear.epoch(record);
        if (earlyStop(withoutImprovement)) {
          stopped = TrainingResult.Stopped.EARLY_STOPPING;
        }
      }
      if (state == null) {
        state = new TrainingState(epoch, steps, current.clone(), optimizer.state(), best, withoutImprovement);
      }
      objective.trainingEnded();
      objective.arrange(ORIGINAL_ORDER);
      // The final loss with whichever method the JIT has compiled: loss() has run only if there
      // were validation rows; else lossAndGradient, which gives the same loss to the bit
      // (JavaEmitterTest) and costs a backward pass, where a first loss() would run interpreted
      // (0.3 s of a one-epoch tanh network's 1.3 s, measured).
      double loss = (rows.validation() == 0 && !fused
          ? sum.lossAndGradient(0, rows.train(), gradient)
          : sum.loss(0, rows.train())) / rows.train();
      Double validation = rows.validation() == 0 ? null : sum.loss(rows.train(), rows.all()) / rows.validation();
      return new TrainingResult(
          loss, validation, epoch, steps, seconds(start), current, stopped, divergedEpoch, history, state);
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
