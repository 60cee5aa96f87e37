package io.gradgen.emit.ptx;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference interpreter's global memory: allocations at 256-byte-aligned addresses far apart
 * (so that an access past one is an error, not a read of the next), filled with {@code 0xCD} bytes
 * when made (device memory is not zeroed, so a kernel that reads what nobody wrote gets NaNs and
 * odd integers, not zeros). Every access is bounds- and alignment-checked.
 */
final class DeviceMemory {
  static final long BASE = 0x7f00_0000_0000L;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private final TreeMap<Long, byte[]> allocations = new TreeMap<>();
  private long next = BASE;

  long alloc(long bytes) {
    if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
      throw new PtxException("cannot allocate " + bytes + " bytes");
    }
    byte[] block = new byte[(int) bytes];
    Arrays.fill(block, (byte) 0xCD);
    long address = next;
    allocations.put(address, block);
    next = address + (bytes + 255) / 256 * 256 + (1 << 20);
    return address;
  }

  void free(long address) {
    if (allocations.remove(address) == null) {
      throw new PtxException("free of " + Long.toHexString(address) + ", which is not an allocation");
    }
  }

  int allocations() {
    return allocations.size();
  }

  private Map.Entry<Long, byte[]> find(long address, int bytes) {
    Map.Entry<Long, byte[]> entry = allocations.floorEntry(address);
    if (entry == null || address + bytes > entry.getKey() + entry.getValue().length) {
      throw new PtxException("global access of " + bytes + " bytes at 0x" + Long.toHexString(address)
          + " is outside every allocation");
    }
    if (address % bytes != 0) {
      throw new PtxException("misaligned global access of " + bytes + " bytes at 0x" + Long.toHexString(address));
    }
    return entry;
  }

  long load(long address, int bytes) {
    Map.Entry<Long, byte[]> entry = find(address, bytes);
    int at = (int) (address - entry.getKey());
    return bytes == 8 ? (long) LONGS.get(entry.getValue(), at) : (int) INTS.get(entry.getValue(), at) & 0xffffffffL;
  }

  void store(long address, int bytes, long bits) {
    Map.Entry<Long, byte[]> entry = find(address, bytes);
    int at = (int) (address - entry.getKey());
    if (bytes == 8) {
      LONGS.set(entry.getValue(), at, bits);
    } else {
      INTS.set(entry.getValue(), at, (int) bits);
    }
  }

  void write(long address, double[] values) {
    for (int i = 0; i < values.length; i++) {
      store(address + 8L * i, 8, Double.doubleToRawLongBits(values[i]));
    }
  }

  void write(long address, float[] values) {
    for (int i = 0; i < values.length; i++) {
      store(address + 4L * i, 4, Float.floatToRawIntBits(values[i]));
    }
  }

  void write(long address, int[] values) {
    for (int i = 0; i < values.length; i++) {
      store(address + 4L * i, 4, values[i]);
    }
  }

  double[] doubles(long address, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = Double.longBitsToDouble(load(address + 8L * i, 8));
    }
    return values;
  }

  float[] floats(long address, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = Float.intBitsToFloat((int) load(address + 4L * i, 4));
    }
    return values;
  }

  /** Copies {@code bytes} from {@code from} to {@code to}, as a device-to-device copy does. */
  void copy(long from, long to, long bytes) {
    for (long i = 0; i < bytes; i += 4) {
      store(to + i, 4, load(from + i, 4));
    }
  }
}
