package io.gradgen.emit.ptx;

/**
 * The reference PTX interpreter and its memory, for tests outside this package (the {@code cuda}
 * module's, which run the backend's host code on it): a module's entries launched on a grid of
 * blocks, arguments as 64-bit words (an address, an integer, or a double's bits). A test tool, as
 * {@link PtxInterpreter} is.
 */
public final class PtxMachine {
  private final DeviceMemory memory = new DeviceMemory();
  private final PtxInterpreter interpreter;

  public PtxMachine(String moduleText) {
    interpreter = new PtxInterpreter(PtxParser.parse(moduleText), memory);
  }

  public long alloc(long bytes) {
    return memory.alloc(bytes);
  }

  public void free(long address) {
    memory.free(address);
  }

  public int allocations() {
    return memory.allocations();
  }

  public void write(long address, double[] values) {
    memory.write(address, values);
  }

  public void write(long address, float[] values) {
    memory.write(address, values);
  }

  public void write(long address, int[] values) {
    memory.write(address, values);
  }

  public double[] doubles(long address, int count) {
    return memory.doubles(address, count);
  }

  public void copy(long from, long to, long bytes) {
    memory.copy(from, to, bytes);
  }

  public void launch(String name, int blocks, long... args) {
    interpreter.launch(name, blocks, args);
  }
}
