package io.gradgen.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceComputeCapability;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuInit;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * Whether this machine can run the {@code cuda} backend, asked once and remembered: JCuda's natives
 * load, the driver ({@code libcuda.so.1}) is there and initialises, it sees a device of compute
 * capability 7.5 or newer (what the emitted PTX targets). JCuda's classes fail with {@code
 * UnsatisfiedLinkError} the first time the driver library is missing and with {@code
 * NoClassDefFoundError} every later time, so the first answer is the only one asked for.
 *
 * <pre>
 * CudaProbe.result().unavailable()   → Optional[no CUDA GPU available (the CUDA driver libcuda.so.1 is not installed)]
 * CudaProbe.result().device()        → "NVIDIA H200 (sm_90)" on a GPU machine
 * </pre>
 */
final class CudaProbe {
  /** The oldest compute capability the emitted PTX ({@code .target sm_75}) runs on. */
  static final int MIN_CAPABILITY = 75;

  /** The probe's answer: why not (empty when the device is usable), and the device's name. */
  record Result(Optional<String> unavailable, String device) {}

  private CudaProbe() {}

  static Result result() {
    return Holder.RESULT;
  }

  private static final class Holder {
    static final Result RESULT = probe();
  }

  private static Result probe() {
    if (Boolean.getBoolean("gradgen.cuda.disabled")) {
      return refused("disabled by -Dgradgen.cuda.disabled=true");
    }
    try {
      JCudaDriver.setExceptionsEnabled(true);
      cuInit(0);
      int[] count = new int[1];
      cuDeviceGetCount(count);
      if (count[0] == 0) {
        return refused("the CUDA driver sees no device");
      }
      CUdevice device = new CUdevice();
      cuDeviceGet(device, 0);
      int[] major = new int[1];
      int[] minor = new int[1];
      cuDeviceComputeCapability(major, minor, device);
      byte[] name = new byte[256];
      cuDeviceGetName(name, name.length, device);
      int end = 0;
      while (end < name.length && name[end] != 0) {
        end++;
      }
      String described = new String(name, 0, end, StandardCharsets.US_ASCII) + " (sm_" + major[0] + minor[0] + ")";
      if (major[0] * 10 + minor[0] < MIN_CAPABILITY) {
        return refused("device 0 is " + described + "; gradgen's PTX needs sm_75 or newer");
      }
      return new Result(Optional.empty(), described);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return refused(linkReason(e));
    } catch (RuntimeException e) {
      return refused(oneLine(e.getMessage()));
    }
  }

  /** What a failed native load says, in a user's words. */
  static String linkReason(Throwable e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("libcuda")) {
      return "the CUDA driver libcuda.so.1 is not installed";
    }
    return "JCuda's native library did not load: " + oneLine(message);
  }

  private static String oneLine(String text) {
    String line = String.valueOf(text).lines().findFirst().orElse("").strip();
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }

  private static Result refused(String reason) {
    return new Result(Optional.of("no CUDA GPU available (" + reason + ")"), null);
  }
}
