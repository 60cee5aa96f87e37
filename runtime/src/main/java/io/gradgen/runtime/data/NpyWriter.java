package io.gradgen.runtime.data;

import io.gradgen.runtime.AtomicFile;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a 2-D array as a NumPy {@code .npy} file (format 1.0, little-endian, C order), readable by
 * {@code np.load} and by {@link NpyReader}.
 *
 * <pre>
 * NpyWriter.write(Path.of("xy.npy"), 2, 3, new double[] {1, 2, 3, 4, 5, 6});
 * # Python: np.load("xy.npy") → array([[1., 2., 3.], [4., 5., 6.]])
 * </pre>
 *
 * The header is padded with spaces to a multiple of 64 bytes, as NumPy itself does, so that the
 * data is aligned for memory mapping.
 */
public final class NpyWriter {
  private NpyWriter() {}

  /** Writes {@code values} (row-major, {@code rows × columns}) as float64 ({@code <f8}). */
  public static void write(Path file, int rows, int columns, double[] values) throws IOException {
    check(rows, columns, values.length);
    AtomicFile.write(file, temporary -> {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
        out.write(header("<f8", rows, columns));
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
          buffer.clear();
          out.write(buffer.putDouble(value).array());
        }
      }
    });
  }

  /** Writes {@code values} (row-major, {@code rows × columns}) as float32 ({@code <f4}). */
  public static void write(Path file, int rows, int columns, float[] values) throws IOException {
    check(rows, columns, values.length);
    AtomicFile.write(file, temporary -> {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
        out.write(header("<f4", rows, columns));
        ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
          buffer.clear();
          out.write(buffer.putFloat(value).array());
        }
      }
    });
  }

  private static void check(int rows, int columns, int length) {
    if (rows < 0 || columns < 0 || (long) rows * columns != length) {
      throw new IllegalArgumentException(
          rows + " × " + columns + " does not match " + length + " values");
    }
  }

  /** Magic, version 1.0, header length, then the dictionary padded with spaces and a newline. */
  static byte[] header(String descr, int rows, int columns) {
    String dictionary =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
    int unpadded = 10 + dictionary.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String text = dictionary + " ".repeat(padding) + "\n";
    ByteBuffer header = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
    header.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    header.putShort((short) text.length());
    header.put(text.getBytes(StandardCharsets.ISO_8859_1));
    return header.array();
  }
}
