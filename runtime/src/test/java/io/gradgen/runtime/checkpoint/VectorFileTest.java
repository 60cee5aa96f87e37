package io.gradgen.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.Init;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorFileTest {
  /** {@code param w[2, 3]; param b[2]; param c}. */
  private static final ModelLayout LAYOUT = new ModelLayout("Crop",
      List.of(new ParamSlot("w", List.of(2, 3), 0, new Init.Zeros()), new ParamSlot("b", List.of(2), 6, new Init.Zeros()),
          new ParamSlot("c", List.of(), 8, new Init.Zeros())),
      List.of(), null, null, Precision.F64);

  @TempDir Path folder;

  private Path file(String text) throws Exception {
    Path file = folder.resolve("v.json");
    Files.writeString(file, text);
    return file;
  }

  private String refused(String text) throws Exception {
    Path file = file(text);
    String message = assertThrows(DataException.class, () -> VectorFile.read(file, LAYOUT)).getMessage();
    return message.replace(file.toString(), "v.json");
  }

  @Test
  void readsEveryParamInItsShapeIntoTheFlatLayout() throws Exception {
    double[] read = VectorFile.read(file("{\"c\": 2, \"b\": [0.5, -1e-300], \"w\": [[1, 2, 3], [4, 5, 0.1]]}"), LAYOUT);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 0.1, 0.5, -1e-300, 2}, read);
  }

  @Test
  void eachProblemIsOneLineNamingTheFileAndTheParam() throws Exception {
    String good = "\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [0, 0]";
    assertEquals("v.json: error: no value for param c", refused("{" + good + "}"));
    assertEquals("v.json: error: \"d\" is not a param of model Crop (w, b, c)", refused("{" + good + ", \"c\": 1, \"d\": 1}"));
    assertEquals("v.json: error: param b: expected shape [2], found [3]",
        refused("{\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [0, 0, 0], \"c\": 1}"));
    assertEquals("v.json: error: param w: expected shape [2, 3], found a ragged array",
        refused("{\"w\": [[1, 2, 3], [4, 5]], \"b\": [0, 0], \"c\": 1}"));
    assertEquals("v.json: error: param c: expected shape [], found [1]", refused("{" + good + ", \"c\": [1]}"));
    assertEquals("v.json: error: param w[1, 2]: expected a number, found the string \"x\"",
        refused("{\"w\": [[1, 2, 3], [4, 5, \"x\"]], \"b\": [0, 0], \"c\": 1}"));
    assertEquals("v.json: error: param c: expected a number, found null", refused("{" + good + ", \"c\": null}"));
    assertEquals("v.json: error: param c is not finite (Infinity)", refused("{" + good + ", \"c\": 1e400}"));
  }

  @Test
  void aNameGivenTwiceIsRefusedWhereALenientReaderKeepsTheLast() throws Exception {
    assertEquals("v.json:1:10: error: \"c\" is given twice", refused("{\"c\": 1, \"c\": 2, \"w\": [[1, 2, 3], [4, 5, 6]]}"));
  }

  @Test
  void theFileAsAWholeMustBeAnObjectOfJson() throws Exception {
    assertEquals("v.json: error: the file is empty", refused(""));
    assertEquals("v.json: error: expected a JSON object with one value per param (w, b, c)", refused("[1, 2]"));
    assertEquals("v.json:1:10: error: not valid JSON: unexpected 'NaN' (JSON has no NaN or Infinity)",
        refused("{\"c\": NaN}"));
    assertEquals("v.json:1:8: error: not valid JSON: it ends in the middle of a value", refused("{\"c\": 1"));
    Path missing = folder.resolve("absent.json");
    assertEquals(missing + ": error: file not found",
        assertThrows(DataException.class, () -> VectorFile.read(missing, LAYOUT)).getMessage());
  }
}
