package io.gradgen.cuda;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import io.gradgen.emit.ptx.PtxModule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.CudaException;
import jcuda.driver.JCudaDriver;

/**
 * One model's PTX module on device 0, in a context of its own, and the device memory allocated for
 * it: the driver JIT-compiles the PTX when the module loads (no CUDA toolkit needed). Every call
 * makes the context current first (the trainer may call from more than one thread, one at a time);
 * {@link #close()} frees every allocation, the module and the context, and is safe to call twice.
 * A driver error becomes a {@link CudaFailure} of one line.
 *
 * <pre>
 * try (CudaDevice device = new CudaDevice(module)) {
 *   Device.Buffer params = device.alloc(8 * count);
 *   device.launch("loss_grad", blocks, params, data, from, to, partials);
 * }
 * </pre>
 */
final class CudaDevice implements Device {
  /** A buffer of device memory: its driver pointer. */
  record Memory(CUdeviceptr pointer) implements Buffer {}

  private final PtxModule ptx;
  private final CUcontext context = new CUcontext();
  private final CUmodule module = new CUmodule();
  private final Map<String, CUfunction> functions = new HashMap<>();
  private final List<CUdeviceptr> allocations = new ArrayList<>();
  private boolean closed;

  CudaDevice(PtxModule ptx) {
    this.ptx = ptx;
    JCudaDriver.setExceptionsEnabled(true);
    try {
      cuInit(0);
      CUdevice device = new CUdevice();
      cuDeviceGet(device, 0);
      cuCtxCreate(context, 0, device);
    } catch (CudaException e) {
      throw new CudaFailure("could not open a context on the GPU: " + e.getMessage());
    }
    try {
      byte[] text = (ptx.text() + "\0").getBytes(StandardCharsets.US_ASCII);
      cuModuleLoadData(module, text);
      for (PtxModule.Kernel kernel : ptx.kernels()) {
        CUfunction function = new CUfunction();
        cuModuleGetFunction(function, module, kernel.name());
        functions.put(kernel.name(), function);
      }
    } catch (CudaException e) {
      close();
      throw new CudaFailure("the CUDA driver did not load model " + ptx.modelName() + "'s PTX: " + e.getMessage());
    }
  }

  @Override
  public PtxModule module() {
    return ptx;
  }

  @Override
  public synchronized Buffer alloc(long bytes) {
    current();
    CUdeviceptr pointer = new CUdeviceptr();
    try {
      cuMemAlloc(pointer, Math.max(8, bytes));
    } catch (CudaException e) {
      throw new CudaFailure("could not allocate " + bytes + " bytes on the GPU: " + e.getMessage());
    }
    allocations.add(pointer);
    return new Memory(pointer);
  }

  @Override
  public synchronized void upload(Buffer target, double[] values) {
    current();
    run(() -> cuMemcpyHtoD(pointer(target), Pointer.to(values), (long) values.length * Sizeof.DOUBLE));
  }

  @Override
  public synchronized void upload(Buffer target, float[] values) {
    current();
    run(() -> cuMemcpyHtoD(pointer(target), Pointer.to(values), (long) values.length * Sizeof.FLOAT));
  }

  @Override
  public synchronized void upload(Buffer target, int[] values, int count) {
    current();
    run(() -> cuMemcpyHtoD(pointer(target), Pointer.to(values), (long) count * Sizeof.INT));
  }

  @Override
  public synchronized void copy(Buffer target, Buffer source, long bytes) {
    current();
    run(() -> cuMemcpyDtoD(pointer(target), pointer(source), bytes));
  }

  @Override
  public synchronized void download(double[] into, Buffer source, int count) {
    current();
    run(() -> cuMemcpyDtoH(Pointer.to(into), pointer(source), (long) count * Sizeof.DOUBLE));
  }

  /**
   * Launches {@code name} on {@code blocks} blocks of its {@code .reqntid} threads, with {@code
   * args} in the kernel's parameter order: a {@link Buffer}, an {@link Integer} ({@code u32}) or a
   * {@link Double} ({@code f64}); waits for it to finish.
   */
  @Override
  public synchronized void launch(String name, int blocks, Object... args) {
    current();
    PtxModule.Kernel kernel = ptx.kernel(name);
    if (args.length != kernel.params().size()) {
      throw new IllegalArgumentException(name + " takes " + kernel.params().size() + " arguments, not " + args.length);
    }
    Pointer[] pointers = new Pointer[args.length];
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Memory memory) {
        pointers[i] = Pointer.to(memory.pointer());
      } else if (arg instanceof Integer value) {
        pointers[i] = Pointer.to(new int[] {value});
      } else if (arg instanceof Double value) {
        pointers[i] = Pointer.to(new double[] {value});
      } else {
        throw new IllegalArgumentException("argument " + i + " of " + name + ": " + arg);
      }
    }
    try {
      cuLaunchKernel(functions.get(name), blocks, 1, 1, kernel.threads(), 1, 1, 0, null, Pointer.to(pointers), null);
      cuCtxSynchronize();
    } catch (CudaException e) {
      throw new CudaFailure("kernel " + name + " of model " + ptx.modelName() + " failed on the GPU: " + e.getMessage());
    }
  }

  private static CUdeviceptr pointer(Buffer buffer) {
    return ((Memory) buffer).pointer();
  }

  private void current() {
    if (closed) {
      throw new IllegalStateException("model " + ptx.modelName() + "'s GPU context is closed");
    }
    cuCtxSetCurrent(context);
  }

  private static void run(Runnable copy) {
    try {
      copy.run();
    } catch (CudaException e) {
      throw new CudaFailure("a copy between the host and the GPU failed: " + e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      cuCtxSetCurrent(context);
      for (CUdeviceptr pointer : allocations) {
        cuMemFree(pointer);
      }
      allocations.clear();
      cuModuleUnload(module);
    } catch (CudaException e) {
      // The context goes below, and everything in it with it.
    } finally {
      try {
        cuCtxDestroy(context);
      } catch (CudaException e) {
        // Nothing more can be freed.
      }
    }
  }
}
