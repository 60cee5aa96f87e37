package io.gradgen.runtime.data;

import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
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
import java.util.Arrays;
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
    return read(file, layout, 0, -1);
  }

  /**
   * Data rows {@code [first, end)} of the file, read as {@link #read} reads the whole file, with
   * its messages (a row's number is its row in the file): for a part of the rows on each of a
   * cluster's machines, which reads only its own rows' bytes.
   */
  public static Dataset readRows(Path file, ModelLayout layout, long first, long end) {
    if (first < 0 || end <= first) {
      throw new IllegalArgumentException("no rows in [" + first + ", " + end + ")");
    }
    return read(file, layout, first, end);
  }

  /** The file's rows, from its header, checked as {@link #read} checks it but the values. */
  public static long countRows(Path file, ModelLayout layout) {
    return read(file, layout, 0, 0).rows();
  }

  /** Rows {@code [first, end)}; {@code end} -1 for all of them, 0 for none (a count: rows() is the file's). */
  private static Dataset read(Path file, ModelLayout layout, long first, long end) {
    if (!Files.isRegularFile(file)) {
      throw DataException.in(file, Files.isDirectory(file) ? "is a folder, not a file" : "file not found");
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(file, layout, channel, first, end);
    } catch (IOException e) {
      throw DataException.in(file, "cannot read: " + e.getMessage());
    }
  }

  /** A file's parsed header and where its data starts. */
  private record Header(NpyHeader header, long dataStart, long dataBytes) {}

  /**
   * The column count of a 2-D {@code .npy} file, or -1 for any other shape (reading the file then
   * says what is wrong); a file that is not {@code .npy} at all is its {@link DataException}.
   */
  static long columns(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      NpyHeader header = header(file, channel).header();
      return header.shape().size() == 2 ? header.shape().get(1) : -1;
    } catch (IOException e) {
      throw DataException.in(file, "cannot read: " + e.getMessage());
    }
  }

  private static Header header(Path file, FileChannel channel) throws IOException {
    ByteBuffer prefix = readUpTo(channel, 12);
    if (prefix.limit() == 0) {
      throw DataException.in(file, "the file is empty");
    }
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
    long dataStart = headerStart + headerLength;
    return new Header(header, dataStart, channel.size() - dataStart);
  }

  private static Dataset read(Path file, ModelLayout layout, FileChannel channel, long first, long end)
      throws IOException {
    Header parsed = header(file, channel);
    NpyHeader header = parsed.header();
    channel.position(parsed.dataStart());
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
    long found = parsed.dataBytes();
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
    if (end == 0) { // a count: the rows, none read
      return new Dataset(file.toString(), (int) rows, 0, new double[0]);
    }
    if (end > rows) {
      throw DataException.in(file, "changed while it was read (" + rows + " rows, not " + end + ")");
    }
    if (end > 0 && !header.fortranOrder()) { // a part: only its own rows' bytes
      channel.position(parsed.dataStart() + first * columns * elementSize);
      rows = end - first;
    } else if (end < 0) {
      first = 0;
    }
    Precision precision = layout.precision();
    int count = (int) (rows * columns);
    double[] doubles = precision == Precision.F64 ? HeapArrays.doubles(file, count) : null;
    float[] floats = precision == Precision.F32 ? HeapArrays.floats(file, count) : null;
    int bad = read(channel, (int) rows, (int) columns, elementSize, order, header.fortranOrder(), doubles, floats);
    if (end > 0 && header.fortranOrder()) { // a column-major part: read whole, its rows kept
      int from = (int) (first * columns);
      int to = (int) (end * columns);
      int inPart = bad >= from && bad < to ? bad : -1;
      for (int i = from; i < to && inPart < 0 && bad >= 0; i++) {
        if (!(doubles != null ? Double.isFinite(doubles[i]) : Float.isFinite(floats[i]))) {
          inPart = i;
        }
      }
      bad = inPart < 0 ? -1 : inPart - from;
      doubles = doubles == null ? null : Arrays.copyOfRange(doubles, from, to);
      floats = floats == null ? null : Arrays.copyOfRange(floats, from, to);
      rows = end - first;
    }
    if (bad >= 0) {
      double value = doubles != null ? doubles[bad] : floats[bad];
      throw DataException.in(file,
          "row " + (bad / columns + 1 + first) + ", column " + (bad % columns + 1) + " holds " + value);
    }
    return doubles != null
        ? new Dataset(file.toString(), (int) rows, (int) columns, doubles)
        : Dataset.ofFloats(file.toString(), (int) rows, (int) columns, floats);
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

  /**
   * Streams the data block by block straight into {@code doubles} or {@code floats} (whichever is
   * not null: the precision the run computes in), so that a large file needs no second copy in
   * memory; a C-order block whose element type is the target's is one bulk transfer. A float64
   * value read for an f32 run is rounded to float, as an f32 objective always rounded it. Returns
   * the index of the first value that is not finite (checked before rounding), or -1.
   */
  private static int read(FileChannel channel, int rows, int columns, int elementSize, ByteOrder order,
      boolean fortran, double[] doubles, float[] floats) throws IOException {
    int count = rows * columns;
    boolean bulk = !fortran && (doubles != null ? elementSize == 8 : elementSize == 4);
    ByteBuffer block = ByteBuffer.allocate(BLOCK).order(order);
    int index = 0;
    int bad = -1;
    while (index < count) {
      block.clear();
      block.limit((int) Math.min(BLOCK, (long) (count - index) * elementSize));
      while (block.hasRemaining()) {
        if (channel.read(block) < 0) {
          throw new IOException("unexpected end of file");
        }
      }
      block.flip();
      int n = block.remaining() / elementSize;
      if (bulk && doubles != null) {
        block.asDoubleBuffer().get(doubles, index, n);
      } else if (bulk) {
        block.asFloatBuffer().get(floats, index, n);
      } else {
        for (int k = 0; k < n; k++) {
          double value = elementSize == 8 ? block.getDouble() : block.getFloat();
          int at = index + k;
          int target = fortran ? (at % rows) * columns + at / rows : at;
          if (!Double.isFinite(value) && (bad < 0 || target < bad)) {
            bad = target;
          }
          if (doubles != null) {
            doubles[target] = value;
          } else {
            floats[target] = (float) value;
          }
        }
      }
      index += n;
    }
    if (bulk) {
      for (int i = 0; i < count; i++) {
        if (!(doubles != null ? Double.isFinite(doubles[i]) : Float.isFinite(floats[i]))) {
          return i;
        }
      }
    }
    return bad;
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
