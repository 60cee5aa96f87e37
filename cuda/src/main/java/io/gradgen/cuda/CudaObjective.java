package io.gradgen.cuda;

import io.gradgen.emit.ptx.PtxModule;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.lang.ref.Cleaner;
import java.util.function.Supplier;

/**
 * A model bound to its data on the GPU. The rows are uploaded once, when the objective is made, and
 * stay on the device; {@link #setParameters} uploads the params; a loss and gradient over rows
 * {@code [from, to)} is {@code loss_grad} on as many blocks as the rows need (at most {@value
 * #MAX_BLOCKS}, and fewer for a model whose partials would pass {@value #PARTIALS_BYTES} bytes),
 * each block's sums in its row of partials, then {@code reduce} adding the rows in block order, and
 * {@code 2 + P} doubles (loss, gradient, the finite flag) copied back. The grid depends only on the
 * number of rows, and no sum uses atomics, so a run gives the same bits every time on one device.
 *
 * <p>A {@code softmax_ce} class index that is not one of its classes is checked by the kernel: it
 * makes the row's loss and gradient NaN, so {@code reduce} reports the sums not finite. Whenever
 * they are not finite the host then computes the same rows with the model's Java kernel, which
 * throws the error naming the first data row with the bad index (exactly as {@code --backend java}
 * does); otherwise the NaN stands, and the trainer reports divergence.
 *
 * <p>{@link #copyForThread()} gives an objective on the same device buffers: the device's calls are
 * serialised, so the trainer's threads take turns. The device memory and the context are freed
 * when every copy is unreachable, or at {@link #close}.
 */
final class CudaObjective implements Objective, AutoCloseable {
  static final int MAX_BLOCKS = 1024;
  static final long PARTIALS_BYTES = 64L << 20;
  private static final Cleaner CLEANER = Cleaner.create();

  /** What the copies share: the device, its buffers, the host's view of them. */
  private static final class Shared {
    final Device device;
    final PtxModule module;
    final ModelLayout layout;
    final Dataset data;
    final int rows;
    final int count;
    final boolean f32;
    final int maxBlocks;
    final int rowsPerBlock;
    final Device.Buffer params;
    final Device.Buffer pristine;
    final Device.Buffer working;
    final Device.Buffer partials;
    final Device.Buffer result;
    final Device.Buffer out;
    final long dataBytes;
    Device.Buffer order;
    private Objective twin;
    final Supplier<Objective> javaTwin;
    double[] hostParams;
    int[] lastOrder;

    Shared(Device opened, ModelLayout layout, Dataset data, Supplier<Objective> javaTwin) {
      this.module = opened.module();
      this.layout = layout;
      this.data = data;
      this.javaTwin = javaTwin;
      this.count = layout.parameterCount();
      this.f32 = layout.precision() == Precision.F32;
      boolean inputs = layout.hasInputs();
      if (inputs && data.width() != layout.rowWidth()) {
        throw new IllegalArgumentException("the data has " + data.width() + " values a row, the model "
            + layout.rowWidth());
      }
      this.rows = inputs ? data.rows() : 1;
      PtxModule.Kernel lossGrad = module.kernel(PtxModule.LOSS_GRAD);
      this.rowsPerBlock = lossGrad.tileRows() > 0 ? lossGrad.tileRows() : lossGrad.threads();
      this.maxBlocks = (int) Math.max(1, Math.min(MAX_BLOCKS, PARTIALS_BYTES / (8L * (1 + count))));
      this.hostParams = new double[count];
      try {
        int bytes = f32 ? 4 : 8;
        params = opened.alloc((long) Math.max(1, count) * bytes);
        dataBytes = inputs ? (long) rows * layout.rowWidth() * bytes : 8;
        pristine = opened.alloc(dataBytes);
        working = inputs ? opened.alloc(dataBytes) : pristine;
        if (inputs) {
          if (f32) {
            float[] values = data.floats();
            opened.upload(pristine, values);
            opened.upload(working, values);
          } else {
            double[] values = data.values();
            opened.upload(pristine, values);
            opened.upload(working, values);
          }
        }
        partials = opened.alloc((long) maxBlocks * (1 + count) * 8);
        result = opened.alloc((2L + count) * 8);
        out = opened.alloc((long) Math.max(1, layout.outputSize()) * 8);
      } catch (RuntimeException e) {
        opened.close();
        throw e;
      }
      this.device = opened;
    }

    /** The Java kernel's objective on the same data, compiled the first time it is asked for. */
    Objective twin() {
      if (twin == null) {
        twin = javaTwin.get();
      }
      return twin;
    }

    int blocks(int from, int to) {
      if (!layout.hasInputs()) {
        return 1;
      }
      long needed = ((long) Math.max(0, to - from) + rowsPerBlock - 1) / rowsPerBlock;
      return (int) Math.max(1, Math.min(maxBlocks, needed));
    }
  }

  private final Shared shared;
  private final Cleaner.Cleanable cleanable;

  private CudaObjective(Shared shared, Cleaner.Cleanable cleanable) {
    this.shared = shared;
    this.cleanable = cleanable;
  }

  /** On the GPU: the module loaded in a context of its own on device 0. */
  static CudaObjective open(PtxModule module, ModelLayout layout, Dataset data, Supplier<Objective> javaTwin) {
    return open(new CudaDevice(module), layout, data, javaTwin);
  }

  /** On {@code device}, which the objective then owns (and closes). */
  static CudaObjective open(Device opened, ModelLayout layout, Dataset data, Supplier<Objective> javaTwin) {
    Shared shared = new Shared(opened, layout, data, javaTwin);
    Device device = shared.device;
    return new CudaObjective(shared, CLEANER.register(shared, device::close));
  }

  @Override
  public ModelLayout layout() {
    return shared.layout;
  }

  @Override
  public int rows() {
    return shared.rows;
  }

  @Override
  public void setParameters(double[] params) {
    synchronized (shared) {
      if (shared.f32) {
        float[] floats = new float[shared.count];
        for (int i = 0; i < floats.length; i++) {
          floats[i] = (float) params[i];
          params[i] = floats[i];
        }
        shared.device.upload(shared.params, floats);
      } else {
        shared.device.upload(shared.params, params.length == shared.count ? params
            : java.util.Arrays.copyOf(params, shared.count));
      }
      shared.hostParams = params.clone();
    }
  }

  @Override
  public double lossAndGradient(int from, int to, double[] gradient) {
    synchronized (shared) {
      int blocks = shared.blocks(from, to);
      shared.device.launch(PtxModule.LOSS_GRAD, blocks, shared.params, shared.working, from, to, shared.partials);
      double[] sums = reduce(blocks, 1 + shared.count);
      if (sums[1 + shared.count] == 0) {
        checkWithJava(from, to);
      }
      for (int i = 0; i < shared.count; i++) {
        gradient[i] += sums[1 + i];
      }
      return sums[0];
    }
  }

  @Override
  public double loss(int from, int to) {
    synchronized (shared) {
      int blocks = shared.blocks(from, to);
      shared.device.launch(PtxModule.LOSS, blocks, shared.params, shared.working, from, to, shared.partials);
      double[] sums = reduce(blocks, 1);
      if (sums[1] == 0) {
        checkWithJava(from, to);
      }
      return sums[0];
    }
  }

  private double[] reduce(int blocks, int width) {
    shared.device.launch(PtxModule.REDUCE, 1, shared.partials, blocks, width, shared.result);
    double[] sums = new double[width + 1];
    shared.device.download(sums, shared.result, width + 1);
    return sums;
  }

  /** Sums that are not finite: the Java kernel over the same rows throws if a class index is bad. */
  private void checkWithJava(int from, int to) {
    Objective java = shared.twin();
    java.arrange(shared.lastOrder == null ? new int[0] : shared.lastOrder);
    java.setParameters(shared.hostParams.clone());
    java.loss(from, to);
  }

  @Override
  public void predict(int row, double[] output) {
    synchronized (shared) {
      int size = shared.layout.outputSize();
      shared.device.launch(PtxModule.PREDICT, 1, shared.params, shared.working, row, row + 1, shared.out);
      double[] values = new double[size];
      shared.device.download(values, shared.out, size);
      System.arraycopy(values, 0, output, 0, size);
    }
  }

  @Override
  public void arrange(int[] order) {
    synchronized (shared) {
      if (!shared.layout.hasInputs()) {
        return;
      }
      if (order.length < shared.rows) {
        shared.device.copy(shared.working, shared.pristine, shared.dataBytes);
      }
      shared.lastOrder = order.length == 0 ? null : order.clone();
      if (order.length == 0) {
        return;
      }
      if (shared.order == null) {
        shared.order = shared.device.alloc((long) shared.rows * 4);
      }
      shared.device.upload(shared.order, order, order.length);
      int warps = shared.module.kernel(PtxModule.ARRANGE).threads() / 32;
      int blocks = (int) Math.min(65535, Math.max(1, (order.length + warps - 1L) / warps));
      shared.device.launch(PtxModule.ARRANGE, blocks, shared.pristine, shared.working, shared.order, order.length);
    }
  }

  @Override
  public Objective copyForThread() {
    return new CudaObjective(shared, cleanable);
  }

  /** Frees the device memory and the context now (every copy's: they share them). */
  @Override
  public void close() {
    cleanable.clean();
  }
}
