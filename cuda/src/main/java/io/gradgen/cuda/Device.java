package io.gradgen.cuda;

import io.gradgen.emit.ptx.PtxModule;

/**
 * What {@link CudaObjective} runs a model's PTX module on: a GPU through the CUDA driver ({@link
 * CudaDevice}), or, in this module's tests, the reference PTX interpreter, so that everything the
 * host does (buffers, launch arguments, grids, the row order, the class-index check) is exercised
 * on every build without a GPU. Kernel arguments are a {@link Buffer}, an {@link Integer} ({@code
 * u32}) or a {@link Double} ({@code f64}), in the kernel's parameter order; a launch returns once
 * the kernel has finished.
 */
interface Device extends AutoCloseable {
  /** A block of device memory. */
  interface Buffer {}

  PtxModule module();

  Buffer alloc(long bytes);

  void upload(Buffer target, double[] values);

  void upload(Buffer target, float[] values);

  void upload(Buffer target, int[] values, int count);

  void copy(Buffer target, Buffer source, long bytes);

  void download(double[] into, Buffer source, int count);

  void launch(String name, int blocks, Object... args);

  /** Frees every buffer and the module; safe to call twice. */
  @Override
  void close();
}
