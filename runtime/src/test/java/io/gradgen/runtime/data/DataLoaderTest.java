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

  /** Parts of a file are its rows as the whole read has them, for either format and precision. */
  @Test
  void partsOfAFileAreItsRows() throws Exception {
    Path csv = folder.resolve("d.csv");
    Files.writeString(csv, "a,b,c\n1,2,3\n4,5,6\n\n7,8,9\n");
    Path npy = folder.resolve("d.npy");
    NpyWriter.write(npy, 3, 3, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    for (Path file : new Path[] {csv, npy}) {
      assertEquals(3, DataLoader.countRows(file, Layouts.positional()));
      assertArrayEquals(new double[] {4, 5, 6, 7, 8, 9}, DataLoader.readRows(file, Layouts.positional(), 1, 3).values());
      assertArrayEquals(new double[] {1, 2, 3}, DataLoader.readRows(file, Layouts.positional(), 0, 1).values());
      assertArrayEquals(new float[] {4, 5, 6},
          DataLoader.readRows(file, Layouts.positionalF32(), 1, 2).floats());
      assertThrows(DataException.class, () -> DataLoader.readRows(file, Layouts.positional(), 2, 4));
    }
  }

  /** A bad cell is reported by the part holding it, at its place in the file; other parts read on. */
  @Test
  void aBadCellIsItsPartsError() throws Exception {
    Path csv = folder.resolve("d.csv");
    Files.writeString(csv, "a,b,c\n1,2,3\n4,x,6\n7,8,9\n");
    DataException e = assertThrows(DataException.class, () -> DataLoader.readRows(csv, Layouts.positional(), 1, 2));
    assertEquals(csv + ":3:2: error: \"x\" in column \"b\" is not a number", e.getMessage());
    assertEquals(e.getMessage(),
        assertThrows(DataException.class, () -> DataLoader.read(csv, Layouts.positional())).getMessage());
    assertArrayEquals(new double[] {7, 8, 9}, DataLoader.readRows(csv, Layouts.positional(), 2, 3).values());
    Path npy = folder.resolve("d.npy");
    NpyWriter.write(npy, 3, 3, new double[] {1, 2, 3, 4, 5, 6, 7, Double.NaN, 9});
    DataException n = assertThrows(DataException.class, () -> DataLoader.readRows(npy, Layouts.positional(), 1, 3));
    assertEquals(assertThrows(DataException.class, () -> DataLoader.read(npy, Layouts.positional())).getMessage(),
        n.getMessage());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, DataLoader.readRows(npy, Layouts.positional(), 0, 2).values());
  }
}
