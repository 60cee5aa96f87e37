package io.gradgen.emit.ptx;

import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.OptimizerSpec;

/**
 * A model's PTX module on the reference interpreter, driven as the CUDA executor drives it on a
 * GPU: params and rows in device memory, {@code loss_grad} (or {@code loss}) over a range of rows
 * into a buffer of per-block partials, {@code reduce} over them, an {@code update_…} kernel into a
 * second params buffer, {@code predict} into a buffer of outputs. For tests.
 */
final class PtxRunner {
  static final int MAX_BLOCKS = 4;

  final PtxModule module;
  final DeviceMemory memory = new DeviceMemory();
  final PtxInterpreter gpu;
  final boolean f32;
  final int parameterCount;
  private final int rows;
  private final long params;
  private final long next;
  private final long data;
  private final long partials;
  private final long result;
  private final long status;
  private final long out;
  private final long first;
  private final long second;
  private final long third;

  PtxRunner(PtxModule module, double[] values, int rows) {
    this.module = module;
    this.gpu = new PtxInterpreter(PtxParser.parse(module.text()), memory);
    this.f32 = module.precision() == Precision.F32;
    this.parameterCount = module.parameterCount();
    this.rows = rows;
    int bytes = f32 ? 4 : 8;
    params = memory.alloc(Math.max(1, parameterCount) * (long) bytes);
    next = memory.alloc(Math.max(1, parameterCount) * (long) bytes);
    data = memory.alloc(Math.max(1, values.length) * (long) bytes);
    write(data, values);
    partials = memory.alloc(MAX_BLOCKS * (1L + parameterCount) * 8);
    result = memory.alloc((2L + parameterCount) * 8);
    status = memory.alloc(16);
    out = memory.alloc(Math.max(1, rows) * (long) Math.max(1, module.outputSize()) * 8);
    first = memory.alloc(Math.max(1, parameterCount) * 8L);
    second = memory.alloc(Math.max(1, parameterCount) * 8L);
    third = memory.alloc(Math.max(1, parameterCount) * 8L);
  }

  private void write(long address, double[] values) {
    if (f32) {
      float[] floats = new float[values.length];
      for (int i = 0; i < values.length; i++) {
        floats[i] = (float) values[i];
      }
      memory.write(address, floats);
    } else {
      memory.write(address, values);
    }
  }

  private double[] read(long address, int count) {
    if (!f32) {
      return memory.doubles(address, count);
    }
    float[] floats = memory.floats(address, count);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = floats[i];
    }
    return values;
  }

  void setParams(double[] values) {
    write(params, values);
  }

  double[] params() {
    return read(params, parameterCount);
  }

  double[] nextParams() {
    return read(next, parameterCount);
  }

  /** The optimizer buffers, zeroed. */
  void clearState() {
    memory.write(first, new double[Math.max(1, parameterCount)]);
    memory.write(second, new double[Math.max(1, parameterCount)]);
    memory.write(third, new double[Math.max(1, parameterCount)]);
  }

  /** The optimizer buffers as {@code spec}'s optimizer starts them: zero, adagrad's sum its initial value. */
  void startState(OptimizerSpec spec) {
    clearState();
    if (spec.kind() == OptimizerSpec.Kind.ADAGRAD) {
      double[] sum = new double[Math.max(1, parameterCount)];
      java.util.Arrays.fill(sum, spec.initialAccumulator());
      memory.write(first, sum);
    }
  }

  double[] firstState() {
    return memory.doubles(first, parameterCount);
  }

  double[] secondState() {
    return memory.doubles(second, parameterCount);
  }

  double[] thirdState() {
    return memory.doubles(third, parameterCount);
  }

  /** {@code [loss, gradient…, 1 if all finite]} over rows {@code [from, to)}, on {@code blocks} blocks. */
  double[] lossAndGradient(int from, int to, int blocks) {
    gpu.launch(PtxModule.LOSS_GRAD, blocks, params, data, from, to, partials);
    return reduce(blocks, 1 + parameterCount);
  }

  double loss(int from, int to, int blocks) {
    gpu.launch(PtxModule.LOSS, blocks, params, data, from, to, partials);
    return reduce(blocks, 1)[0];
  }

  private double[] reduce(int blocks, int width) {
    gpu.launch(PtxModule.REDUCE, 1, partials, blocks, width, result);
    return memory.doubles(result, width + 1);
  }

  /** The outputs of rows {@code [from, to)}, row after row. */
  double[] predict(int from, int to, int blocks) {
    gpu.launch(PtxModule.PREDICT, blocks, params, data, from, to, out);
    return memory.doubles(out, (to - from) * module.outputSize());
  }

  /**
   * One step of {@code spec}'s optimizer from the params, with the gradient the last {@link
   * #lossAndGradient} left in {@code result}, into the next params: {@code [finite, loss]}.
   */
  double[] update(OptimizerSpec spec, double lr, long step, double divisor, double clip) {
    PtxModule.Kernel kernel = module.kernel(PtxModule.update(spec.kind()));
    long[] args = new long[kernel.params().size()];
    put(kernel, args, "params", params);
    put(kernel, args, "next", next);
    put(kernel, args, "result", result);
    put(kernel, args, "status", status);
    put(kernel, args, "count", parameterCount);
    put(kernel, args, "divisor", divisor);
    put(kernel, args, "clip", clip);
    put(kernel, args, "maximize", spec.maximize() ? 1 : 0);
    if (spec.kind() != OptimizerSpec.Kind.ADAMW) {
      put(kernel, args, "weight_decay", spec.weightDecay());
    }
    switch (spec.kind()) {
      case SGD -> put(kernel, args, "lr", lr);
      case MOMENTUM -> {
        put(kernel, args, "lr", lr);
        put(kernel, args, "buffer", first);
        put(kernel, args, "beta", spec.beta());
        put(kernel, args, "nesterov", spec.nesterov() ? 1 : 0);
        put(kernel, args, "first", step == 0 ? 1 : 0);
        put(kernel, args, "one_minus_dampening", 1 - spec.dampening());
      }
      case ADAM, ADAMW -> {
        long t = step + 1;
        put(kernel, args, "m", first);
        put(kernel, args, "v", second);
        put(kernel, args, "beta1", spec.beta1());
        put(kernel, args, "one_minus_beta1", 1 - spec.beta1());
        put(kernel, args, "beta2", spec.beta2());
        put(kernel, args, "one_minus_beta2", 1 - spec.beta2());
        put(kernel, args, "step_size", lr / (1 - Math.pow(spec.beta1(), t)));
        put(kernel, args, "bias_correction2_sqrt", Math.sqrt(1 - Math.pow(spec.beta2(), t)));
        put(kernel, args, "eps", spec.eps());
        put(kernel, args, "v_max", third);
        put(kernel, args, "amsgrad", spec.amsgrad() ? 1 : 0);
        if (spec.kind() == OptimizerSpec.Kind.ADAMW) {
          put(kernel, args, "shrink", 1 - lr * spec.decay());
        }
      }
      case RMSPROP -> {
        put(kernel, args, "lr", lr);
        put(kernel, args, "v", first);
        put(kernel, args, "alpha", spec.alpha());
        put(kernel, args, "one_minus_alpha", 1 - spec.alpha());
        put(kernel, args, "eps", spec.eps());
        put(kernel, args, "buffer", second);
        put(kernel, args, "average", third);
        put(kernel, args, "momentum", spec.momentum());
        put(kernel, args, "centered", spec.centered() ? 1 : 0);
      }
      case ADAGRAD -> {
        long t = step + 1;
        put(kernel, args, "clr", lr / (1 + (t - 1) * spec.lrDecay()));
        put(kernel, args, "sum", first);
        put(kernel, args, "eps", spec.eps());
      }
      default -> throw new IllegalArgumentException(spec.kind().toString());
    }
    gpu.launch(kernel.name(), 1, args);
    return memory.doubles(status, 2);
  }

  /** The next params become the params. */
  void accept() {
    memory.copy(next, params, (long) parameterCount * (f32 ? 4 : 8));
  }

  private static void put(PtxModule.Kernel kernel, long[] args, String role, long value) {
    args[kernel.param(role)] = value;
  }

  private static void put(PtxModule.Kernel kernel, long[] args, String role, double value) {
    args[kernel.param(role)] = Double.doubleToRawLongBits(value);
  }

  int rows() {
    return rows;
  }
}
