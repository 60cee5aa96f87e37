package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradgen.runtime.simd.Simd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gradgen bench}: its output format and its errors (never its speed). */
class BenchCommandTest {
  private static final String CROP = "../samples/crop-yield.model";
  private static final String CUBIC = "../samples/cubic.model";

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void textNamesTheEpochBothTimingsAndTheirRatio() {
    CliRun run = run("bench", CROP, "--threads", "1", "--repeats", "3", "--warmup", "1");
    assertEquals(0, run.status(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(4, lines.length, run.out());
    // The kernel is SIMD where this machine and JVM allow it (Simd.enabled()); else the line says why not.
    assertEquals("CropYield: one epoch = 5 steps over 15 rows, f64, 1 thread, SIMD "
        + (Simd.enabled() ? "on" : Simd.status()), lines[0]);
    Pattern timing = Pattern.compile("  (generated|interpreted) +([0-9.e-]+) ms  \\(median of 3 runs of (\\d+) epochs?\\)");
    var generated = timing.matcher(lines[1]);
    var interpreted = timing.matcher(lines[2]);
    assertTrue(generated.matches() && generated.group(1).equals("generated"), lines[1]);
    assertTrue(interpreted.matches() && interpreted.group(1).equals("interpreted"), lines[2]);
    var ratio = Pattern.compile("  speed-up +([0-9.]+)×  \\(interpreted ÷ generated\\)").matcher(lines[3]);
    assertTrue(ratio.matches(), lines[3]);
    double expected = Double.parseDouble(interpreted.group(2)) / Double.parseDouble(generated.group(2));
    assertEquals(expected, Double.parseDouble(ratio.group(1)), expected * 0.01 + 0.01);
  }

  @Test
  void jsonHoldsEveryRunAndTheMedian() throws Exception {
    CliRun run = run("bench", CROP, "--json", "--threads", "2", "--repeats", "3", "--warmup", "0", "--precision", "f32");
    assertEquals(0, run.status(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals(List.of("model", "backend", "rows", "stepsPerEpoch", "precision", "threads", "simd", "warmup", "repeats", "generated",
        "interpreted", "ratio"), fieldNames(json));
    assertEquals("CropYield", json.get("model").asText());
    assertEquals("java", json.get("backend").asText());
    assertEquals(15, json.get("rows").asInt());
    assertEquals(5, json.get("stepsPerEpoch").asInt());
    assertEquals("f32", json.get("precision").asText());
    assertEquals(2, json.get("threads").asInt());
    assertEquals(Simd.enabled(), json.get("simd").asBoolean());
    for (String backend : List.of("generated", "interpreted")) {
      JsonNode timing = json.get(backend);
      JsonNode runs = timing.get("runSecondsPerEpoch");
      assertEquals(3, runs.size());
      double[] sorted = {runs.get(0).asDouble(), runs.get(1).asDouble(), runs.get(2).asDouble()};
      java.util.Arrays.sort(sorted);
      assertEquals(sorted[1], timing.get("secondsPerEpoch").asDouble(), backend);
      assertTrue(timing.get("epochsPerRun").asInt() >= 1);
    }
    assertEquals(json.get("interpreted").get("secondsPerEpoch").asDouble() / json.get("generated").get("secondsPerEpoch").asDouble(),
        json.get("ratio").asDouble(), 1e-12);
  }

  @Test
  void aModelWithoutInputsHasOneStepAnEpoch() throws Exception {
    CliRun run = run("bench", CUBIC, "--json", "--repeats", "1", "--warmup", "0", "--at", "a=1");
    assertEquals(0, run.status(), run.err());
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertEquals(1, json.get("rows").asInt());
    assertEquals(1, json.get("stepsPerEpoch").asInt());
  }

  /**
   * --backend, which bench --help lists, names what is timed against the interpreted autograd (it
   * used to be refused): interpreted times the autograd against itself, on a line of its own name.
   */
  @Test
  void theBackendNamedIsTimed() throws Exception {
    CliRun run = run("bench", CUBIC, "--backend", "interpreted", "--repeats", "1", "--warmup", "0");
    assertEquals(0, run.status(), run.err());
    String[] lines = run.out().split("\n");
    assertEquals(4, lines.length, run.out());
    assertTrue(lines[1].startsWith("  interpreted "), lines[1]);
    assertTrue(lines[2].startsWith("  interpreted "), lines[2]);
    assertTrue(lines[3].endsWith("(interpreted ÷ interpreted)"), lines[3]);
    JsonNode json = new ObjectMapper().readTree(run("bench", CUBIC, "--backend", "interpreted", "--json", "--repeats", "1",
        "--warmup", "0").out());
    assertEquals("interpreted", json.get("backend").asText());
    CliRun auto = run("bench", CUBIC, "--backend", "auto", "--repeats", "1", "--warmup", "0");
    assertEquals(0, auto.status(), auto.err());
    assertTrue(auto.out().split("\n")[1].startsWith("  generated "), auto.out());
  }

  @Test
  void badArgumentsAreOneLineWithStatusTwo(@TempDir Path dir) throws Exception {
    Path text = Files.writeString(dir.resolve("rows.txt"), "1,2\n");
    String[][] cases = {
      {"--repeats", "0"},
      {"--warmup", "-1"},
      {"--threads", "0"},
      {"--precision", "f16"},
      {"--backend", "gpu"},
      {"--data", dir.resolve("missing.csv").toString()},
      {"--data", text.toString()},
      {"--at", "nope=1"},
    };
    String[] expected = {
      "error: --repeats must be at least 1, not 0",
      "error: --warmup must not be negative, not -1",
      "error: --threads must be at least 1",
      "error: --precision expects f32 or f64, not 'f16'",
      "error: unknown backend 'gpu'; expected " + Format.listed(io.gradgen.Backends.installed().choices(), "or"),
      dir.resolve("missing.csv") + ": error: file not found",
      text + ": error: unknown data format (expected a .csv or .npy file)",
      "error: --at: model CropYield has no param 'nope'",
    };
    for (int i = 0; i < cases.length; i++) {
      String[] args = new String[2 + cases[i].length];
      args[0] = "bench";
      args[1] = CROP;
      System.arraycopy(cases[i], 0, args, 2, cases[i].length);
      CliRun run = run(args);
      assertEquals(2, run.status(), String.join(" ", args) + ": " + run.err());
      assertEquals(expected[i] + "\n", run.err(), String.join(" ", args));
      assertEquals("", run.out(), String.join(" ", args));
    }
  }

  @Test
  void aDivergingModelFailsWithStatusOne(@TempDir Path dir) throws Exception {
    Path model = Files.writeString(dir.resolve("blowup.model"),
        "model Blowup\nparam a = 1\nloss exp(a * a)\ntrain { optimizer sgd(lr = 1000) }\n");
    CliRun run = run("bench", model.toString());
    assertEquals(1, run.status(), run.err());
    // epoch 1: a = 1 − 1000·2e ≈ −5435, still finite; epoch 2: exp(a²) overflows
    assertEquals("error: training diverged at epoch 2, so an epoch cannot be timed; give the model a smaller"
        + " learning rate\n", run.err());
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
