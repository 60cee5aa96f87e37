package io.gradgen.runtime.data;

import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Shapes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a NumPy {@code .npy} file (format versions 1, 2 and 3) holding a 2-D float32 or float64
 * array, little- or big-endian, in C or Fortran order, into a {@link Dataset}: one array row per
 * data row, the columns the model's data values in declaration order.
 *
 * <pre>
 * # Python
 * np.save("crop.npy", np.column_stack([X, Y]))      # X: 15 × 3, Y: 15 × 2, float64
 * </pre>
 *
 * {@code NpyReader.read(Path.of("crop.npy"), layout)} then gives 15 rows of 5 values for {@code
 * input x[3]} and {@code target y[2]}. Anything else (an integer dtype, a 1-D array, a truncated
 * file, NaN in the data) is one {@link DataException} line naming the file.
 */
public final class NpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int BLOCK = 1 << 20;

  private NpyReader() {}

  public static Dataset read(Path file, ModelLayout layout) {
    if (!Files.isRegularFile(file)) {
      throw DataException.in(file, Files.isDirectory(file) ? "is a folder, not a file" : "file not found");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(file, layout, channel);
    } catch (IOException e) {
      throw DataException.in(file, "cannot read: " + e.getMessage());
    }
  }

  private static Dataset read(Path file, ModelLayout layout, FileChannel channel) throws IOException {
    ByteBuffer prefix = readUpTo(channel, 12);
    for (int i = 0; i < MAGIC.length; i++) {
      if (prefix.limit() <= i || prefix.get(i) != MAGIC[i]) {
        throw DataException.in(file, "not a .npy file (it does not start with \\x93NUMPY)");
      }
    }
    if (prefix.limit() < 10) {
      throw DataException.in(file, "truncated .npy header");
    }
    int major = prefix.get(6) & 0xff;
    int minor = prefix.get(7) & 0xff;
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = prefix.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (prefix.limit() < 12) {
        throw DataException.in(file, "truncated .npy header");
      }
      headerLength = prefix.getInt(8) & 0xffffffffL;
      headerStart = 12;
    } else {
      throw DataException.in(file, "unsupported .npy format version " + major + "." + minor);
    }
    if (headerStart + headerLength > channel.size()) {
      throw DataException.in(file, "truncated .npy header");
    }
    channel.position(headerStart);
    ByteBuffer headerBytes = readUpTo(channel, (int) headerLength);
    String headerText =
        new String(
            headerBytes.array(),
            0,
            headerBytes.limit(),
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader header = NpyHeader.parse(file, headerText);

    ByteOrder order = byteOrder(file, header.descr());
    int elementSize = header.descr().endsWith("f8") ? 8 : 4;
    if (header.shape().size() != 2) {
      throw DataException.in(
          file, "expected a 2-D array (rows, columns), found shape " + NpyHeader.show(header.shape()));
    }
    long rows = header.shape().get(0);
    long columns = header.shape().get(1);
    int width = layout.rowWidth();
    if (columns != width) {
      throw DataException.in(
          file, "expected " + width + " columns for " + slots(layout) + ", found " + columns);
    }
    if (rows == 0) {
      throw DataException.in(file, "no data rows");
    }
    if (rows * columns > Integer.MAX_VALUE - 8) {
      throw DataException.in(file, "too large: " + rows + " × " + columns + " values");
    }
    long expected = rows * columns * elementSize;
    long found = channel.size() - headerStart - headerLength;
    if (found != expected) {
      throw DataException.in(
          file,
          "expected "
              + expected
              + " bytes of data for shape "
              + NpyHeader.show(header.shape())
              + ", found "
              + found);
    }
    double[] values =
        values(channel, (int) rows, (int) columns, elementSize, order, header.fortranOrder());
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw DataException.in(
            file,
            "row " + (i / columns + 1) + ", column " + (i % columns + 1) + " holds " + values[i]);
      }
    }
    return new Dataset(file.toString(), (int) rows, (int) columns, values);
  }

  private static ByteOrder byteOrder(Path file, String descr) {
    switch (descr) {
      case "<f4":
      case "<f8":
        return ByteOrder.LITTLE_ENDIAN;
      case ">f4":
      case ">f8":
        return ByteOrder.BIG_ENDIAN;
      default:
        throw DataException.in(
            file, "dtype '" + descr + "' is not supported (use float32 '<f4' or float64 '<f8')");
    }
  }

  /** Streams the data block by block, so that a large file needs no second copy in memory. */
  private static double[] values(
      FileChannel channel, int rows, int columns, int elementSize, ByteOrder order, boolean fortran)
      throws IOException {
    double[] values = new double[rows * columns];
    ByteBuffer block = ByteBuffer.allocate(BLOCK).order(order);
    int index = 0;
    while (index < values.length) {
      block.clear();
      block.limit((int) Math.min(BLOCK, (long) (values.length - index) * elementSize));
      while (block.hasRemaining()) {
        if (channel.read(block) < 0) {
          throw new IOException("unexpected end of file");
        }
      }
      block.flip();
      while (block.hasRemaining()) {
        double value = elementSize == 8 ? block.getDouble() : block.getFloat();
        int target = fortran ? (index % rows) * columns + index / rows : index;
        values[target] = value;
        index++;
      }
    }
    return values;
  }

  private static ByteBuffer readUpTo(FileChannel channel, int count) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(count).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
      // keep reading: a channel may return fewer bytes than asked
    }
    buffer.flip();
    return buffer;
  }

  static String slots(ModelLayout layout) {
    List<String> names = new ArrayList<>();
    for (DataSlot slot : layout.data()) {
      names.add(slot.shape().isEmpty() ? slot.name() : slot.name() + Shapes.format(slot.shape()));
    }
    return String.join(", ", names);
  }
}
