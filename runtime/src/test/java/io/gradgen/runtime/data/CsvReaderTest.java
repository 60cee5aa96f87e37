package io.gradgen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.ModelLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir Path folder;

  private Path csv(String text) throws Exception {
    Path file = folder.resolve("d.csv");
    Files.writeString(file, text);
    return file;
  }

  private String error(String text, ModelLayout layout) throws Exception {
    Path file = csv(text);
    DataException e = assertThrows(DataException.class, () -> CsvReader.read(file, layout));
    assertNull(e.getCause());
    assertEquals(0, e.getStackTrace().length, "no stack trace");
    return e.getMessage().replace(folder + "/", "");
  }

  /** Every line ending the parser knows, blank lines, no final newline: the rows are right and sized exactly. */
  @Test
  void lineEndingsAndBlankLinesGiveExactlyTheRows() throws Exception {
    for (String text : new String[] {"a,b,c\n1,2,3\n4,5,6\n", "a,b,c\r\n1,2,3\r\n4,5,6", "a,b,c\r1,2,3\r4,5,6\r",
        "a,b,c\n\n1,2,3\n\n4,5,6\n\n"}) {
      Dataset data = CsvReader.read(csv(text), Layouts.positional());
      assertEquals(2, data.rows(), text);
      assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, data.values(), text);
    }
  }

  @Test
  void anF32RunParsesStraightIntoFloats() throws Exception {
    Dataset data = CsvReader.read(csv("a,b,c\n0.1,2,3\n4,5,1e-50\n"), Layouts.positionalF32());
    assertEquals(io.gradgen.runtime.Precision.F32, data.precision());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.1f, 2, 3, 4, 5, (float) 1e-50}, data.floats());
  }

  @Test
  void namedColumnsInAnyOrderWithExtraColumnsIgnored() throws Exception {
    Dataset data =
        CsvReader.read(
            csv("Region,Mangoes,Temperature,Rainfall,Humidity,Oranges\nA,56,73,67,43,70\nB,81,91,88,64,101\n"),
            Layouts.crop());
    assertEquals(2, data.rows());
    assertEquals(5, data.width());
    assertArrayEquals(new double[] {73, 67, 43, 56, 70, 91, 88, 64, 81, 101}, data.values());
  }

  @Test
  void positionalColumnsInDeclarationOrder() throws Exception {
    Dataset data = CsvReader.read(csv("a,b,c\n1,2,3\n-4.5, 5e-1 ,.25\n"), Layouts.positional());
    assertArrayEquals(new double[] {1, 2, 3, -4.5, 0.5, 0.25}, data.values());
  }

  @Test
  void quotedHeaderNamesBind() throws Exception {
    ModelLayout layout =
        Layouts.of(
            Layouts.input("x", 0, List.of(2), "Rainfall (mm)", "Temp, F"),
            Layouts.target("y", 2, List.of()));
    Dataset data = CsvReader.read(csv("\"Temp, F\",\"Rainfall (mm)\",y\n73,67,1\n"), layout);
    assertArrayEquals(new double[] {67, 73, 1}, data.values());
  }

  @Test
  void unboundScalarBindsByItsName() throws Exception {
    ModelLayout layout =
        Layouts.of(Layouts.input("x", 0, List.of(1), "Temperature"), Layouts.target("y", 1, List.of()));
    Dataset data = CsvReader.read(csv("y,Temperature\n5,73\n"), layout);
    assertArrayEquals(new double[] {73, 5}, data.values());
  }

  @Test
  void byteOrderMarkAndBlankLinesAreIgnored() throws Exception {
    Dataset data = CsvReader.read(csv("\uFEFFa,b,c\n1,2,3\n\n4,5,6\n"), Layouts.positional());
    assertEquals(2, data.rows());
  }

  @Test
  void missingFile() {
    Path file = folder.resolve("nope.csv");
    DataException e = assertThrows(DataException.class, () -> CsvReader.read(file, Layouts.crop()));
    assertEquals(file + ": error: file not found", e.getMessage());
  }

  @Test
  void emptyFile() throws Exception {
    assertEquals("d.csv: error: the file is empty (a header row is required)", error("", Layouts.crop()));
  }

  @Test
  void noDataRows() throws Exception {
    assertEquals("d.csv: error: no data rows after the header", error("a,b,c\n", Layouts.positional()));
  }

  @Test
  void missingColumnSuggestsTheClosest() throws Exception {
    assertEquals(
        "d.csv: error: no column \"Rainfall\" for input x[3] (did you mean \"Rainfal\"?)",
        error("Temperature,Rainfal,Humidity,Mangoes,Oranges\n1,2,3,4,5\n", Layouts.crop()));
  }

  @Test
  void unboundScalarWithoutAColumnOfItsName() throws Exception {
    ModelLayout layout =
        Layouts.of(Layouts.input("x", 0, List.of(1), "Temperature"), Layouts.target("y", 1, List.of()));
    assertEquals(
        "d.csv: error: no column \"y\" for target y (did you mean \"Y\"?)",
        error("Temperature,Y\n1,2\n", layout));
  }

  @Test
  void unboundVectorNextToBoundSlots() throws Exception {
    ModelLayout layout =
        Layouts.of(Layouts.input("x", 0, List.of(2)), Layouts.target("y", 2, List.of(), "Yield"));
    assertEquals(
        "d.csv: error: input x[2] has no columns: bind its 2 columns with <- (other slots bind header names)",
        error("a,b,Yield\n1,2,3\n", layout));
  }

  @Test
  void positionalWithTheWrongNumberOfColumns() throws Exception {
    assertEquals(
        "d.csv: error: expected 3 columns for x[2], y in declaration order, found 4 (or bind header names with <-)",
        error("a,b,c,d\n1,2,3,4\n", Layouts.positional()));
  }

  @Test
  void duplicateHeader() throws Exception {
    assertEquals(
        "d.csv:1:3: error: duplicate column \"a\" (also column 1)",
        error("a,b,a\n1,2,3\n", Layouts.positional()));
  }

  @Test
  void rowWithTooFewCells() throws Exception {
    assertEquals(
        "d.csv:3:3: error: expected 3 cells as in the header, found 2",
        error("a,b,c\n1,2,3\n4,5\n", Layouts.positional()));
  }

  @Test
  void rowWithTooManyCells() throws Exception {
    assertEquals(
        "d.csv:2:4: error: expected 3 cells as in the header, found 5",
        error("a,b,c\n1,2,3,4,5\n", Layouts.positional()));
  }

  @Test
  void cellThatIsNotANumber() throws Exception {
    assertEquals(
        "d.csv:4:2: error: \"8B\" in column \"b\" is not a number",
        error("a,b,c\n1,2,3\n\n4,8B,6\n", Layouts.positional()));
  }

  @Test
  void emptyAndNonFiniteCellsAreNotNumbers() throws Exception {
    assertEquals(
        "d.csv:2:3: error: \"\" in column \"c\" is not a number", error("a,b,c\n1,2,\n", Layouts.positional()));
    assertEquals(
        "d.csv:2:1: error: \"NaN\" in column \"a\" is not a number", error("a,b,c\nNaN,2,3\n", Layouts.positional()));
    assertEquals(
        "d.csv:2:2: error: \"1e999\" in column \"b\" is out of range", error("a,b,c\n1,1e999,3\n", Layouts.positional()));
  }

  @Test
  void unusedColumnsMayHoldText() throws Exception {
    Dataset data =
        CsvReader.read(csv("Region,Temperature,Rainfall,Humidity,Mangoes,Oranges\nA,1,2,3,4,5\n"), Layouts.crop());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5}, data.values());
  }

  @Test
  void anUnterminatedQuoteIsReportedAtItsCell() throws Exception {
    // the quoted cell runs to the end of the file: the error is where it opens, not "a cell short"
    assertEquals(
        "d.csv:2:2: error: a quoted cell runs on over the end of its line; is its closing '\"' missing?",
        error("a,b,c\n1,\"2,3\n4,5,6\n", Layouts.positional()));
  }

  @Test
  void invalidUtf8IsAnErrorNotAReplacementCharacter() throws Exception {
    Path file = folder.resolve("bytes.csv");
    Files.write(file, new byte[] {'a', ',', 'b', ',', 'c', '\n', '1', ',', '2', ',', (byte) 0xff, '\n'});
    DataException e = assertThrows(DataException.class, () -> CsvReader.read(file, Layouts.positional()));
    assertEquals(file + ": error: it is not UTF-8 text (save the CSV as UTF-8)", e.getMessage());
  }
}
