package io.gradgen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {
  private static final String C_2x3 = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

  @TempDir Path folder;

  /** A .npy file of the given format version, header text and data bytes, as NumPy lays it out. */
  private Path npy(int major, String header, byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    byte[] text = (header + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      length.putShort((short) text.length);
    } else {
      length.putInt(text.length);
    }
    out.write(length.array());
    out.write(text);
    out.write(data);
    Path file = folder.resolve("d.npy");
    Files.write(file, out.toByteArray());
    return file;
  }

  private static byte[] doubles(ByteOrder order, double... values) {
    ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(order);
    for (double value : values) {
      buffer.putDouble(value);
    }
    return buffer.array();
  }

  private static byte[] floats(ByteOrder order, float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(order);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return buffer.array();
  }

  private String error(Path file) {
    DataException e = assertThrows(DataException.class, () -> NpyReader.read(file, Layouts.positional()));
    return e.getMessage().replace(folder + "/", "");
  }

  @Test
  void littleEndianDoublesInCOrder() throws Exception {
    Dataset data = NpyReader.read(npy(1, C_2x3, doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6)), Layouts.positional());
    assertEquals(2, data.rows());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, data.values());
  }

  /**
   * An f32 run's data is read straight into floats, whatever the file holds: float32 in one bulk
   * transfer, float64 each value rounded (as an f32 objective has always rounded it).
   */
  @Test
  void anF32RunReadsFloatsWithoutADoubleCopy() throws Exception {
    String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    Dataset floats = NpyReader.read(npy(1, f4, floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6.5f)), Layouts.positionalF32());
    assertEquals(io.gradgen.runtime.Precision.F32, floats.precision());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, floats.floats());
    org.junit.jupiter.api.Assertions.assertSame(floats.floats(), floats.floats(), "the array itself, no copy");
    Dataset rounded = NpyReader.read(npy(1, C_2x3, doubles(ByteOrder.LITTLE_ENDIAN, 0.1, 2, 3, 4, 5, 1e-50)),
        Layouts.positionalF32());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.1f, 2, 3, 4, 5, (float) 1e-50}, rounded.floats());
    Dataset same = NpyReader.read(npy(1, C_2x3, doubles(ByteOrder.LITTLE_ENDIAN, 0.1, 2, 3, 4, 5, 1e-50)),
        Layouts.positional());
    org.junit.jupiter.api.Assertions.assertArrayEquals(same.floats(), rounded.floats(), "as the objective rounded");
  }

  @Test
  void aValueThatIsNotFiniteIsNamedInAnF32RunToo() throws Exception {
    String f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    Path file = npy(1, f4, floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, Float.NaN, 6));
    DataException e = assertThrows(DataException.class, () -> NpyReader.read(file, Layouts.positionalF32()));
    assertEquals("d.npy: error: row 2, column 2 holds NaN", e.getMessage().replace(folder + "/", ""));
  }

  @Test
  void bigEndianFloatsInFortranOrderVersion2() throws Exception {
    // Fortran order stores column by column: [[1, 2, 3], [4, 5, 6]] is 1 4 2 5 3 6
    String header = "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3), }";
    Dataset data = NpyReader.read(npy(2, header, floats(ByteOrder.BIG_ENDIAN, 1, 4, 2, 5, 3, 6.5f)), Layouts.positional());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6.5}, data.values());
  }

  @Test
  void version3WithDoubleQuotes() throws Exception {
    String header = "{\"descr\": \">f8\", \"fortran_order\": False, \"shape\": (1, 3)}";
    Dataset data = NpyReader.read(npy(3, header, doubles(ByteOrder.BIG_ENDIAN, 0.1, -2, 3e300)), Layouts.positional());
    assertArrayEquals(new double[] {0.1, -2, 3e300}, data.values());
  }

  @Test
  void missingFile() {
    Path file = folder.resolve("none.npy");
    assertEquals("none.npy: error: file not found", error(file));
  }

  @Test
  void notANpyFile() throws Exception {
    Path file = folder.resolve("d.npy");
    Files.writeString(file, "x,y\n1,2\n");
    assertEquals("d.npy: error: not a .npy file (it does not start with \\x93NUMPY)", error(file));
  }

  @Test
  void unsupportedVersion() throws Exception {
    assertEquals("d.npy: error: unsupported .npy format version 4.0", error(npy(4, C_2x3, new byte[0])));
  }

  @Test
  void truncatedHeader() throws Exception {
    Path file = folder.resolve("d.npy");
    Files.write(file, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 100, 0, '{'});
    assertEquals("d.npy: error: truncated .npy header", error(file));
  }

  @Test
  void malformedHeaders() throws Exception {
    assertEquals(
        "d.npy: error: malformed .npy header: expected a value at character 11 of {'descr': , 'shape': (2, 3)}",
        error(npy(1, "{'descr': , 'shape': (2, 3)}", new byte[0])));
    assertEquals(
        "d.npy: error: malformed .npy header: no 'fortran_order'",
        error(npy(1, "{'descr': '<f8', 'shape': (2, 3)}", new byte[0])));
    assertEquals(
        "d.npy: error: malformed .npy header: expected a dictionary, found (2, 3)",
        error(npy(1, "(2, 3)", new byte[0])));
    assertEquals(
        "d.npy: error: malformed .npy header: 'shape' must be a tuple of integers",
        error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': '2x3'}", new byte[0])));
    assertEquals(
        "d.npy: error: malformed .npy header: 'fortran_order' must be True or False",
        error(npy(1, "{'descr': '<f8', 'fortran_order': 0, 'shape': (2, 3)}", new byte[0])));
    assertEquals(
        "d.npy: error: malformed .npy header: expected ',' or '}' at character 17 of {'descr': '<f8' 'shape': (2, 3)}",
        error(npy(1, "{'descr': '<f8' 'shape': (2, 3)}", new byte[0])));
  }

  @Test
  void unsupportedDtype() throws Exception {
    assertEquals(
        "d.npy: error: dtype '<i8' is not supported (use float32 '<f4' or float64 '<f8')",
        error(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }", new byte[48])));
    assertEquals(
        "d.npy: error: dtype (('a', '<f8'),) is not supported (use float32 '<f4' or float64 '<f8')",
        error(npy(1, "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2, 3), }", new byte[48])));
  }

  @Test
  void notTwoDimensional() throws Exception {
    assertEquals(
        "d.npy: error: expected a 2-D array (rows, columns), found shape (6,)",
        error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (6,), }", new byte[48])));
  }

  @Test
  void wrongColumnCount() throws Exception {
    assertEquals(
        "d.npy: error: expected 3 columns for x[2], y, found 2",
        error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", new byte[48])));
  }

  @Test
  void noRows() throws Exception {
    assertEquals(
        "d.npy: error: no data rows",
        error(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }", new byte[0])));
  }

  @Test
  void dataOfTheWrongLength() throws Exception {
    assertEquals(
        "d.npy: error: expected 48 bytes of data for shape (2, 3), found 40",
        error(npy(1, C_2x3, new byte[40])));
    assertEquals(
        "d.npy: error: expected 48 bytes of data for shape (2, 3), found 56",
        error(npy(1, C_2x3, new byte[56])));
  }

  @Test
  void nonFiniteValue() throws Exception {
    assertEquals(
        "d.npy: error: row 2, column 1 holds NaN",
        error(npy(1, C_2x3, doubles(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, Double.NaN, 5, 6))));
  }
}
