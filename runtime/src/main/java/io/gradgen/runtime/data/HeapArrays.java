package io.gradgen.runtime.data;

import java.nio.file.Path;

/**
 * The one array a data file is read into, allocated so that data too big for the JVM's heap is a
 * one-line error naming the file and the heap to ask for, before any of it is read, not an
 * {@link OutOfMemoryError} halfway through a run. The whole data set is one array on the heap,
 * which the JVM sizes by default to a quarter of the machine's memory; {@code -Xmx} (for the
 * {@code gradgen} command, {@code GRADGEN_JAVA_OPTS=-Xmx…}) sets it.
 */
final class HeapArrays {
  private static final long MB = 1 << 20;

  private HeapArrays() {}

  static double[] doubles(Path file, int count) {
    try {
      return new double[count];
    } catch (OutOfMemoryError e) {
      throw tooBig(file, count * 8L);
    }
  }

  static float[] floats(Path file, int count) {
    try {
      return new float[count];
    } catch (OutOfMemoryError e) {
      throw tooBig(file, count * 4L);
    }
  }

  static DataException tooBig(Path file, long bytes) {
    long heap = Runtime.getRuntime().maxMemory();
    long suggested = (bytes + 256 * MB + 1023 * MB) / (1024 * MB);
    return DataException.in(
        file,
        "its values need " + bytes / MB + " MB, more than the JVM's heap of " + heap / MB
            + " MB can hold: run Java with -Xmx" + Math.max(1, suggested) + "g or more"
            + " (for the gradgen command, GRADGEN_JAVA_OPTS=-Xmx" + Math.max(1, suggested) + "g)");
  }
}
