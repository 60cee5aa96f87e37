package io.gradgen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
  @TempDir Path folder;

  @Test
  void choosesTheReaderByExtension() throws Exception {
    Path csv = folder.resolve("d.CSV");
    Files.writeString(csv, "a,b,c\n1,2,3\n");
    Path npy = folder.resolve("d.npy");
    NpyWriter.write(npy, 1, 3, new double[] {1, 2, 3});
    assertArrayEquals(new double[] {1, 2, 3}, DataLoader.read(csv, Layouts.positional()).values());
    assertArrayEquals(new double[] {1, 2, 3}, DataLoader.read(npy, Layouts.positional()).values());
  }

  @Test
  void unknownExtension() {
    Path file = folder.resolve("d.txt");
    DataException e = assertThrows(DataException.class, () -> DataLoader.read(file, Layouts.positional()));
    assertEquals(file + ": error: unknown data format (expected a .csv or .npy file)", e.getMessage());
  }
}
