package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradgen predict}: the CSV, and with {@code --json} the same cells as JSON. */
class PredictCommandTest {
  private static final String CROP = "../samples/crop-yield.model";

  /** --json used to print the CSV; now it is {"columns": […], "rows": [[…], …]} holding the CSV's values to the bit. */
  @Test
  void jsonHoldsTheCsvsColumnsAndValues(@TempDir Path dir) throws Exception {
    Path save = dir.resolve("crop.json");
    assertEquals(0, CliRun.of("train", CROP, "--quiet", "--save", save.toString()).status());
    CliRun csv = CliRun.of("predict", CROP, "--params", save.toString());
    CliRun json = CliRun.of("predict", CROP, "--params", save.toString(), "--json");
    assertEquals(0, json.status(), json.err());
    assertEquals("", json.err());
    assertEquals(1, json.out().lines().count(), json.out());
    JsonNode tree = new ObjectMapper().readTree(json.out());
    List<String> fields = new java.util.ArrayList<>();
    tree.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("columns", "rows"), fields);
    List<String> lines = csv.out().lines().toList();
    String[] header = lines.get(0).split(",");
    assertEquals(header.length, tree.get("columns").size());
    for (int c = 0; c < header.length; c++) {
      assertEquals(header[c], tree.get("columns").get(c).asText());
    }
    assertEquals(lines.size() - 1, tree.get("rows").size());
    for (int r = 1; r < lines.size(); r++) {
      String[] cells = lines.get(r).split(",");
      JsonNode row = tree.get("rows").get(r - 1);
      assertEquals(cells.length, row.size());
      for (int c = 0; c < cells.length; c++) {
        assertTrue(row.get(c).isNumber(), row.toString());
        assertEquals(Double.parseDouble(cells[c]), row.get(c).doubleValue(), 0.0);
        assertEquals(cells[c], row.get(c).toString(), "the same shortest round-trip digits");
      }
    }
  }

  /** A value that is not finite is null, in the JSON as in the CSV (and as every --json writes it). */
  @Test
  void notFiniteIsNull() {
    double[][] rows = {{1.5, Double.NaN}, {Double.POSITIVE_INFINITY, 1e-300}};
    assertEquals("{\"columns\": [\"y[0]\", \"y[1]\"], \"rows\": [[1.5, null], [null, 1.0E-300]]}\n",
        PredictCommand.json(List.of("y[0]", "y[1]"), rows));
    assertEquals("y[0],y[1]\n1.5,null\nnull,1.0E-300\n", PredictCommand.csv(List.of("y[0]", "y[1]"), rows));
  }
}
