package io.gradgen.runtime.train;

import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.Kernel;
import io.gradgen.runtime.ModelLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A model's kernel objective that computes with its scalar kernel until its SIMD kernel is
 * compiled, then with the SIMD one. Both give the same bits (see {@code JavaEmitterTest}), so the
 * switch changes speed alone; it exists because Vector API code is many times slower than scalar
 * code until C2 has compiled it, and allocates a vector object per operation meanwhile (a cold
 * tanh network's epoch took three times as long with SIMD kernels as with scalar ones).
 *
 * <p>The warm-up costs a core for seconds. Measured on a quiet 2-core machine, the SIMD kernel's
 * first runs take 6 µs a row (f32 linear regression) to 500 µs a row (the tanh network: Vector API
 * code interpreted, and its classes loaded); alone on a core it is compiled after 0.3 s and 0.6 s,
 * and then 2× and 3× the scalar kernel. But the trainer's threads already use the cores: beside
 * them the tanh network's warm-up took 3 s, slowing their epochs by a third meanwhile, so that a
 * 10-epoch run took 2.8 s with it and 2.1 s without. Once {@value #DECIDE_ROWS} rows have been
 * computed, if the rows the trainer expects ({@link #expectRows}; unknown counts as many) would
 * take at least {@value #WORTH_NANOS} ns more (of one core) at the scalar kernel's latest speed, a
 * background thread starts (inside the training's own seconds, where the user waits for it) that
 * compiles the SIMD kernel and runs it
 * on a private copy of the first rows and params until the JIT has compiled it: until a {@code
 * lossAndGradient} over those rows is as fast per row as the scalar kernel's latest call, {@value
 * #WINS} times in a row; then {@code loss} until it is faster than that. Each method switches as
 * soon as it is ready; nothing of the training's runs on Vector API code that is not compiled. The
 * warm-up stops when training ends ({@link #trainingEnded}) and gives up, staying scalar, if the
 * SIMD kernel is never the faster (or cannot be made).
 */
public final class TieredObjective implements Objective {
  /** Consecutive warm-up runs as fast as the scalar kernel before the SIMD kernel takes over. */
  static final int WINS = 3;
  /** The most rows a warm-up run computes: enough for a loop to be compiled, little work a run. */
  static final int WARM_ROWS = 1024;
  /** How long the warm-up tries before it gives up on the SIMD kernel. */
  static final long MAX_WARM_NANOS = 30_000_000_000L;
  /** Rows computed before deciding whether to warm the SIMD kernel: the scalar kernel's speed is known by then. */
  static final long DECIDE_ROWS = 20_000;
  /** The least scalar work left (ns) for which the SIMD kernel's warm-up pays, with a margin. */
  static final long WORTH_NANOS = 10_000_000_000L;

  /** What every thread's copy shares: the SIMD kernel once compiled, and the warm-up's verdicts. */
  static final class Tiers {
    final Supplier<? extends Kernel> simd;
    private final long decideRows;
    private final long worthNanos;
    private final AtomicBoolean started = new AtomicBoolean();
    volatile Kernel simdKernel;
    volatile boolean trains;
    volatile boolean sums;
    volatile boolean stopped;
    volatile double scalarNanosPerRow = Double.NaN;
    volatile long expected = Long.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicLong computed = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean decided;

    /** Counts {@code rows} computed by the scalar kernel at {@code nanosPerRow}; warms the SIMD kernel once it is worth it. */
    void record(int rows, double nanosPerRow, Objective prototype) {
      scalarNanosPerRow = nanosPerRow;
      if (decided) {
        return;
      }
      long done = computed.addAndGet(rows);
      if (done >= decideRows) {
        decided = true;
        long left = expected == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, expected - done);
        if (left == Long.MAX_VALUE || left * nanosPerRow >= worthNanos) {
          start(prototype);
        } else {
          stopped = true;
        }
      }
    }

    Tiers(Supplier<? extends Kernel> simd, long decideRows, long worthNanos) {
      this.simd = simd;
      this.decideRows = decideRows;
      this.worthNanos = worthNanos;
    }

    void start(Objective prototype) {
      if (!started.get() && !stopped && started.compareAndSet(false, true)) {
        Thread thread = new Thread(() -> warm(prototype), "gradgen-simd-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
      }
    }

    private void warm(Objective prototype) {
      long deadline = System.nanoTime() + MAX_WARM_NANOS;
      try {
        Kernel kernel = simd.get();
        Objective sandbox = ((Twin) prototype).sandbox(kernel);
        int rows = Math.min(sandbox.rows(), WARM_ROWS);
        double[] gradient = new double[sandbox.layout().parameterCount()];
        double trainNanos = Double.NaN;
        for (int wins = 0; !stopped && !trains && System.nanoTime() < deadline; ) {
          Arrays.fill(gradient, 0);
          long start = System.nanoTime();
          sandbox.lossAndGradient(0, rows, gradient);
          trainNanos = (System.nanoTime() - start) / (double) rows;
          wins = trainNanos <= scalarNanosPerRow ? wins + 1 : 0;
          if (wins >= WINS) {
            simdKernel = kernel;
            trains = true;
          }
        }
        // A compiled loss() is faster than the compiled lossAndGradient, which does more.
        for (int wins = 0; !stopped && trains && !sums && System.nanoTime() < deadline; ) {
          long start = System.nanoTime();
          sandbox.loss(0, rows);
          wins = (System.nanoTime() - start) / (double) rows <= trainNanos ? wins + 1 : 0;
          sums = wins >= WINS;
        }
      } catch (RuntimeException | LinkageError e) {
        // No SIMD kernel after all (it failed to compile or to run): the scalar one goes on alone.
      } finally {
        stopped = true;
      }
    }
  }

  private final Objective scalar;
  private final Tiers tiers;
  private Objective simd;

  private TieredObjective(Objective scalar, Tiers tiers) {
    this.scalar = scalar;
    this.tiers = tiers;
  }

  /** {@code scalar}, bound to its data, with {@code simd} (made on first call, in the background) taking over once compiled. */
  static Objective of(Objective scalar, Supplier<? extends Kernel> simd) {
    return of(scalar, simd, DECIDE_ROWS, WORTH_NANOS);
  }

  /** As {@link #of(Objective, Supplier)}, deciding after {@code decideRows} rows whether {@code worthNanos} of work are left. */
  static TieredObjective of(Objective scalar, Supplier<? extends Kernel> simd, long decideRows, long worthNanos) {
    return new TieredObjective(scalar, new Tiers(simd, decideRows, worthNanos));
  }

  /** Whether the warm-up has ended (switched, given up, or never started because the run is short). */
  boolean warmupOver() {
    return tiers.stopped;
  }

  private Objective simd() {
    if (simd == null) {
      Kernel kernel = tiers.simdKernel;
      simd = ((Twin) scalar).twin(kernel instanceof DoubleKernel d ? d.copy() : ((FloatKernel) kernel).copy());
    }
    return simd;
  }

  /** Whether {@code lossAndGradient} computes with the SIMD kernel yet. */
  public boolean simdTrains() {
    return tiers.trains;
  }

  @Override
  public double lossAndGradient(int from, int to, double[] gradient) {
    if (tiers.trains) {
      return simd().lossAndGradient(from, to, gradient);
    }
    long start = System.nanoTime();
    double loss = scalar.lossAndGradient(from, to, gradient);
    if (to > from) {
      tiers.record(to - from, (System.nanoTime() - start) / (double) (to - from), scalar);
    }
    return loss;
  }

  @Override
  public double loss(int from, int to) {
    return tiers.sums ? simd().loss(from, to) : scalar.loss(from, to);
  }

  /** By whichever kernel trains: both have the product when either has, and give the same bits. */
  @Override
  public boolean hasHessianVectorProducts() {
    return scalar.hasHessianVectorProducts();
  }

  @Override
  public double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
      double[] hessianVector) {
    return tiers.trains ? simd().lossGradientAndHessianVector(from, to, direction, gradient, hessianVector)
        : scalar.lossGradientAndHessianVector(from, to, direction, gradient, hessianVector);
  }

  @Override
  public void trainingEnded() {
    tiers.stopped = true;
  }

  @Override
  public void expectRows(long rows) {
    tiers.expected = rows;
  }

  @Override
  public ModelLayout layout() {
    return scalar.layout();
  }

  @Override
  public int rows() {
    return scalar.rows();
  }

  @Override
  public void setParameters(double[] params) {
    scalar.setParameters(params);
  }

  @Override
  public void predict(int row, double[] output) {
    scalar.predict(row, output);
  }

  /** By the scalar kernel, as {@link #predict}: metrics are never computed with SIMD. */
  @Override
  public void metrics(int row, double[] values) {
    scalar.metrics(row, values);
  }

  @Override
  public void arrange(int[] order) {
    scalar.arrange(order);
  }

  @Override
  public EpochShape epochShape() {
    return scalar.epochShape();
  }

  @Override
  public int epoch(int[] order, int rows, int batch, boolean mean, EpochStep step, double[] params,
      double[] epochLoss) {
    return scalar.epoch(order, rows, batch, mean, step, params, epochLoss);
  }

  @Override
  public Objective copyForThread() {
    return new TieredObjective(scalar.copyForThread(), tiers);
  }
}
