package io.gradgen.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataException;
import io.gradgen.runtime.train.OptimizerState;
import io.gradgen.runtime.train.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  /** {@code param w[2, 3]; param b[2]; param c}. */
  private static final ModelLayout LAYOUT =
      new ModelLayout(
          "Crop",
          List.of(
              new ParamSlot("w", List.of(2, 3), 0, new Init.Zeros()),
              new ParamSlot("b", List.of(2), 6, new Init.Zeros()),
              new ParamSlot("c", List.of(), 8, new Init.Zeros())),
          List.of(),
          null,
          null,
          Precision.F64);

  // values whose shortest decimal forms are long or unusual
  private static final double[] PARAMS = {0.1, 1.0 / 3, -0.0, 1e-310, Math.PI, -2.5e300, 7, Math.E, Math.ulp(1.0)};

  @TempDir Path folder;

  private static TrainingState state() {
    Map<String, double[]> buffers = new LinkedHashMap<>();
    buffers.put("exp_avg", PARAMS.clone());
    double[] squares = new double[9];
    squares[4] = Double.POSITIVE_INFINITY; // an overflowed second moment must survive a save
    buffers.put("exp_avg_sq", squares);
    return new TrainingState(5, 25, PARAMS.clone(), new OptimizerState("adam", 25, buffers), 0.31, 2);
  }

  private String error(String json) throws Exception {
    Path file = folder.resolve("c.json");
    Files.writeString(file, json);
    DataException e = assertThrows(DataException.class, () -> Checkpoint.read(file, LAYOUT));
    return e.getMessage().replace(folder + "/", "");
  }

  private static String valid(String params) {
    return "{\"model\": \"Crop\", \"epoch\": 1, \"params\": " + params
        + ", \"optimizerState\": {\"kind\": \"sgd\", \"step\": 1, \"buffers\": {}}, \"steps\": 1,"
        + " \"earlyStopping\": {\"bestValidationLoss\": null, \"epochsWithoutImprovement\": 0}}";
  }

  @Test
  void roundTripKeepsEveryBit() throws Exception {
    Path file = folder.resolve("c.json");
    Checkpoint.write(file, LAYOUT, state());
    TrainingState read = Checkpoint.read(file, LAYOUT);
    assertEquals(5, read.epoch());
    assertEquals(25, read.steps());
    assertEquals(0.31, read.bestValidationLoss());
    assertEquals(2, read.epochsWithoutImprovement());
    assertEquals("adam", read.optimizer().kind());
    assertEquals(25, read.optimizer().step());
    for (int i = 0; i < PARAMS.length; i++) {
      assertEquals(Double.doubleToRawLongBits(PARAMS[i]), Double.doubleToRawLongBits(read.params()[i]), "param " + i);
    }
    assertArrayEquals(PARAMS, read.optimizer().buffers().get("exp_avg"), 0);
    assertEquals(Double.POSITIVE_INFINITY, read.optimizer().buffers().get("exp_avg_sq")[4]);
    assertArrayEquals(PARAMS, Checkpoint.readParams(file, LAYOUT), 0);
  }

  @Test
  void paramsAreNestedInTheirDeclaredShape() throws Exception {
    Path file = folder.resolve("c.json");
    Checkpoint.write(file, LAYOUT, state());
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertEquals("Crop", root.get("model").asText());
    assertEquals(5, root.get("epoch").asInt());
    assertEquals("[[0.1,0.3333333333333333,-0.0],[1.0E-310,3.141592653589793,-2.5E300]]", root.get("params").get("w").toString());
    assertEquals("[7.0,2.718281828459045]", root.get("params").get("b").toString());
    assertEquals(2.220446049250313E-16, root.get("params").get("c").asDouble());
    assertEquals(
        "[[0.1,0.3333333333333333,-0.0],[1.0E-310,3.141592653589793,-2.5E300]]",
        root.get("optimizerState").get("buffers").get("exp_avg").get("w").toString());
  }

  @Test
  void nullBestValidationLossBeforeAnyValidation() throws Exception {
    Path file = folder.resolve("c.json");
    TrainingState state = new TrainingState(0, 0, PARAMS, new OptimizerState("sgd", 0, Map.of()), null, 0);
    Checkpoint.write(file, LAYOUT, state);
    assertNull(Checkpoint.read(file, LAYOUT).bestValidationLoss());
  }

  @Test
  void plateauStateAndBestEpochRoundTrip() throws Exception {
    Path file = folder.resolve("c.json");
    double[] best = PARAMS.clone();
    best[0] = 0.5;
    TrainingState state = new TrainingState(5, 25, PARAMS.clone(), new OptimizerState("sgd", 25, Map.of()), 0.31, 2,
        new io.gradgen.runtime.train.ScheduleState(0.001, 0.42, 3, 1, 0.01), 3, best);
    Checkpoint.write(file, LAYOUT, state);
    TrainingState read = Checkpoint.read(file, LAYOUT);
    assertEquals(state.schedule(), read.schedule());
    assertEquals(3, read.bestEpoch());
    assertArrayEquals(best, read.bestParams(), 0);
    assertArrayEquals(PARAMS, read.params(), 0);
    // --params and predict take the result: the best epoch's parameters
    assertArrayEquals(best, Checkpoint.readParams(file, LAYOUT), 0);
    // a plateau's best before any epoch is torch's inf, saved as null
    TrainingState fresh = new TrainingState(0, 0, PARAMS, new OptimizerState("sgd", 0, Map.of()), null, 0,
        new io.gradgen.runtime.train.ScheduleState(0.1, null, 0, 0, 0.1), null, null);
    Checkpoint.write(file, LAYOUT, fresh);
    assertEquals(fresh.schedule(), Checkpoint.read(file, LAYOUT).schedule());
  }

  @Test
  void oldCheckpointsLoadWithoutScheduleOrBestEpoch() throws Exception {
    Path file = folder.resolve("old.json");
    Files.writeString(file, valid("{\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [7, 8], \"c\": 9}"));
    TrainingState read = Checkpoint.read(file, LAYOUT);
    assertNull(read.schedule());
    assertNull(read.bestEpoch());
    assertNull(read.bestParams());
  }

  @Test
  void badScheduleStateAndBestEpochAreOneLine() throws Exception {
    String params = "{\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [7, 8], \"c\": 9}";
    String plain = valid(params);
    String base = plain.substring(0, plain.length() - 1);
    assertEquals("c.json: error: \"schedule.kind\" must be \"plateau\", the one schedule with a state, not \"cosine\"",
        error(base + ", \"schedule\": {\"kind\": \"cosine\"}}"));
    assertEquals("c.json: error: missing \"schedule.badEpochs\"",
        error(base + ", \"schedule\": {\"kind\": \"plateau\", \"lr\": 0.1, \"best\": null}}"));
    assertEquals("c.json: error: \"resumeParams\" and \"earlyStopping.bestEpoch\" go together: one is missing",
        error(base + ", \"resumeParams\": " + params + "}"));
    String withBest = plain.replace("\"epochsWithoutImprovement\": 0}", "\"epochsWithoutImprovement\": 0, \"bestEpoch\": 2}");
    assertEquals("c.json: error: \"earlyStopping.bestEpoch\" must be one of the 1 epochs done, not 2",
        error(withBest.substring(0, withBest.length() - 1) + ", \"resumeParams\": " + params + "}"));
  }

  @Test
  void writingReplacesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
    Path file = folder.resolve("c.json");
    Files.writeString(file, "old");
    Checkpoint.write(file, LAYOUT, state());
    assertEquals(5, Checkpoint.read(file, LAYOUT).epoch());
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void paramsFileNeedsOnlyParams() throws Exception {
    Path file = folder.resolve("p.json");
    Files.writeString(file, "{\"model\": \"Crop\", \"params\": {\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [7, 8], \"c\": 9}}");
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, Checkpoint.readParams(file, LAYOUT));
    DataException e = assertThrows(DataException.class, () -> Checkpoint.read(file, LAYOUT));
    assertEquals(file + ": error: missing \"optimizerState\"", e.getMessage());
  }

  @Test
  void missingFile() {
    Path file = folder.resolve("none.json");
    DataException e = assertThrows(DataException.class, () -> Checkpoint.readParams(file, LAYOUT));
    assertEquals(file + ": error: file not found", e.getMessage());
  }

  @Test
  void notJson() throws Exception {
    assertEquals(
        "c.json:2:1: error: not valid JSON: '}' does not close the '[' at 1:12",
        error("{\"params\": [\n}"));
    assertEquals("c.json:1:13: error: not valid JSON: unexpected ','; a field's name is in double quotes",
        error("{\"epoch\": 1,, }"));
    assertEquals("c.json:1:11: error: not valid JSON: unexpected 'nope'", error("{\"epoch\": nope}"));
    assertEquals("c.json:1:11: error: not valid JSON: it ends in the middle of a value", error("{\"epoch\": "));
    assertEquals("c.json:1:1: error: not valid JSON: ']' closes nothing", error("]"));
    assertEquals("c.json: error: not valid JSON: a number in it has too many digits",
        error("[" + "1".repeat(2000) + "]"));
  }

  @Test
  void emptyOrNotAnObject() throws Exception {
    assertEquals("c.json: error: the file is empty", error(""));
    assertEquals("c.json: error: expected a JSON object with \"model\" and \"params\"", error("[1, 2]"));
  }

  @Test
  void anotherModel() throws Exception {
    assertEquals("c.json: error: saved from model Line, not Crop", error("{\"model\": \"Line\", \"params\": {}}"));
    assertEquals("c.json: error: missing \"model\"", error("{\"params\": {}}"));
  }

  @Test
  void missingParam() throws Exception {
    assertEquals("c.json: error: no value for param b", error(valid("{\"w\": [[1, 2, 3], [4, 5, 6]], \"c\": 9}")));
  }

  @Test
  void wrongShape() throws Exception {
    assertEquals(
        "c.json: error: param w: expected shape [2, 3], found [3, 2]",
        error(valid("{\"w\": [[1, 2], [3, 4], [5, 6]], \"b\": [7, 8], \"c\": 9}")));
    assertEquals(
        "c.json: error: param c: expected shape [], found [1]",
        error(valid("{\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [7, 8], \"c\": [9]}")));
    assertEquals(
        "c.json: error: param w: expected shape [2, 3], found a ragged array",
        error(valid("{\"w\": [[1, 2, 3], [4, 5]], \"b\": [7, 8], \"c\": 9}")));
  }

  @Test
  void notANumber() throws Exception {
    assertEquals(
        "c.json: error: param w[1, 2]: expected a number, found the string \"6\"",
        error(valid("{\"w\": [[1, 2, 3], [4, 5, \"6\"]], \"b\": [7, 8], \"c\": 9}")));
    assertEquals(
        "c.json: error: param b[0] is not finite (Infinity)",
        error(valid("{\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [1e999, 8], \"c\": 9}")));
    assertEquals(
        "c.json: error: param c: expected a number, found the string \"NaN\"",
        error(valid("{\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [7, 8], \"c\": \"NaN\"}")));
  }

  @Test
  void unknownParam() throws Exception {
    assertEquals(
        "c.json: error: \"params\" has \"z\", which is not a param of model Crop (w, b, c)",
        error(valid("{\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [7, 8], \"c\": 9, \"z\": 1}")));
  }

  @Test
  void badResumeFields() throws Exception {
    String ok = valid("{\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": [7, 8], \"c\": 9}");
    assertEquals(
        "c.json: error: \"epoch\" must be a whole number of at least 0, not -1",
        error(ok.replace("\"epoch\": 1", "\"epoch\": -1")));
    assertEquals(
        "c.json: error: optimizerState.buffers.m of param b: expected shape [2], found []",
        error(ok.replace("\"buffers\": {}", "\"buffers\": {\"m\": {\"w\": [[1, 2, 3], [4, 5, 6]], \"b\": 1, \"c\": 0}}")));
  }
}
