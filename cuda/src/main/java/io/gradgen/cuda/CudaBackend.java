package io.gradgen.cuda;

import io.gradgen.Backend;
import io.gradgen.PreparedModel;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code cuda} backend: the model's PTX module ({@link io.gradgen.emit.ptx.PtxEmitter}) loaded
 * by the CUDA driver through JCuda and launched for every loss, gradient and prediction ({@link
 * CudaObjective}). Registered in {@code META-INF/services/io.gradgen.Backend}; constructing it
 * touches no JCuda class, and {@link #unavailable()} probes the driver once ({@link CudaProbe}).
 *
 * <pre>
 * Backend cuda = Backends.installed().named("cuda").orElseThrow();
 * cuda.unavailable();    // Optional[no CUDA GPU available (the CUDA driver libcuda.so.1 is not installed)]
 * </pre>
 *
 * <p>{@code --backend auto} takes it where a device is present and the model's data file holds at
 * least {@value #AUTO_BYTES} bytes ({@link #gains}): below that a step is a few launches of
 * microseconds each around too little work, and the Java kernel, warm in the CPU's caches, wins.
 */
public final class CudaBackend implements Backend {
  /** The data-file size from which {@code auto} expects the GPU to gain: 64 MiB. */
  public static final long AUTO_BYTES = 64L << 20;

  @Override
  public String name() {
    return "cuda";
  }

  @Override
  public String description() {
    return "generated PTX on a CUDA GPU, through JCuda";
  }

  @Override
  public boolean accelerated() {
    return true;
  }

  @Override
  public Optional<String> unavailable() {
    return CudaProbe.result().unavailable();
  }

  @Override
  public boolean gains(CheckedModel model, Precision precision) {
    Path data = model.dataFile();
    if (data == null || !model.layout().hasInputs()) {
      return false;
    }
    try {
      return Files.size(data) >= AUTO_BYTES;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public PreparedModel prepare(CheckedModel model, Precision precision) {
    return CudaModel.prepare(model, precision);
  }
}
