package io.gradgen.cuda;

import io.gradgen.emit.ptx.PtxMachine;
import io.gradgen.emit.ptx.PtxModule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link Device} on the reference PTX interpreter of the generator's tests, so that {@link
 * CudaObjective} runs whole, host code and kernels, without a GPU. It counts the launches of each
 * kernel and says whether everything allocated was freed.
 */
final class InterpretedDevice implements Device {
  record Address(long at) implements Buffer {}

  private final PtxModule module;
  private final PtxMachine machine;
  private final List<Long> live = new ArrayList<>();
  final List<String> launches = new ArrayList<>();
  boolean closed;

  InterpretedDevice(PtxModule module) {
    this.module = module;
    this.machine = new PtxMachine(module.text());
  }

  @Override
  public PtxModule module() {
    return module;
  }

  @Override
  public Buffer alloc(long bytes) {
    long at = machine.alloc(bytes);
    live.add(at);
    return new Address(at);
  }

  @Override
  public void upload(Buffer target, double[] values) {
    machine.write(at(target), values);
  }

  @Override
  public void upload(Buffer target, float[] values) {
    machine.write(at(target), values);
  }

  @Override
  public void upload(Buffer target, int[] values, int count) {
    machine.write(at(target), Arrays.copyOf(values, count));
  }

  @Override
  public void copy(Buffer target, Buffer source, long bytes) {
    machine.copy(at(source), at(target), bytes);
  }

  @Override
  public void download(double[] into, Buffer source, int count) {
    System.arraycopy(machine.doubles(at(source), count), 0, into, 0, count);
  }

  @Override
  public void launch(String name, int blocks, Object... args) {
    PtxModule.Kernel kernel = module.kernel(name);
    if (args.length != kernel.params().size()) {
      throw new IllegalArgumentException(name + " takes " + kernel.params().size() + " arguments, not " + args.length);
    }
    long[] words = new long[args.length];
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      String type = kernel.params().get(i).type();
      if (arg instanceof Address address && type.equals("u64")) {
        words[i] = address.at();
      } else if (arg instanceof Integer value && type.equals("u32")) {
        words[i] = value & 0xFFFF_FFFFL;
      } else if (arg instanceof Double value && type.equals("f64")) {
        words[i] = Double.doubleToRawLongBits(value);
      } else {
        throw new IllegalArgumentException("argument " + i + " of " + name + " (" + kernel.params().get(i).role()
            + ", " + type + "): " + arg);
      }
    }
    machine.launch(name, blocks, words);
    launches.add(name + "@" + blocks);
  }

  @Override
  public void close() {
    if (!closed) {
      live.forEach(machine::free);
      live.clear();
      closed = true;
    }
  }

  int allocations() {
    return machine.allocations();
  }

  private static long at(Buffer buffer) {
    return ((Address) buffer).at();
  }
}
