package io.gradgen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
  @TempDir Path folder;

  @Test
  void doublesRoundTripBitForBit() throws Exception {
    Path file = folder.resolve("d.npy");
    double[] values = {0.1, -0.0, Math.PI, 1e-310, Double.MAX_VALUE, 2};
    NpyWriter.write(file, 2, 3, values);
    Dataset data = NpyReader.read(file, Layouts.positional());
    assertEquals(2, data.rows());
    assertArrayEquals(values, data.values(), 0);
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(data.values()[1]));
  }

  @Test
  void floatsRoundTrip() throws Exception {
    Path file = folder.resolve("f.npy");
    float[] values = {0.1f, 2.5f, -3};
    NpyWriter.write(file, 1, 3, values);
    assertArrayEquals(new double[] {0.1f, 2.5f, -3}, NpyReader.read(file, Layouts.positional()).values(), 0);
  }

  @Test
  void headerIsAlignedTo64BytesAsNumPyWrites() {
    byte[] header = NpyWriter.header("<f8", 15, 5);
    assertEquals(0, header.length % 64);
    String text = new String(header, 10, header.length - 10, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (15, 5), }", text.strip());
    assertEquals('\n', text.charAt(text.length() - 1));
  }

  @Test
  void rejectsAShapeThatDoesNotMatch() {
    assertThrows(
        IllegalArgumentException.class,
        () -> NpyWriter.write(folder.resolve("x.npy"), 2, 2, new double[3]));
    assertEquals(false, Files.exists(folder.resolve("x.npy")));
  }
}
