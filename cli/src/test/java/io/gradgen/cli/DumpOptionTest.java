package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.Pipeline.Pass;
import io.gradgen.runtime.simd.Simd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --dump-after PASS}: each form of a model with data (crop yields) and of one without (the
 * cubic) compared whole with {@code src/test/resources/dump/MODEL.PASS.txt}, which {@code
 * -Dgradgen.updateGoldens=true} rewrites (review the diff).
 */
class DumpOptionTest {
  private static final Path GOLDEN = Path.of("src/test/resources/dump");
  private static final List<String> MODELS = List.of("crop-yield", "cubic");

  static Stream<Arguments> forms() {
    List<Arguments> forms = new ArrayList<>();
    for (String model : MODELS) {
      for (Pass pass : Pass.values()) {
        forms.add(Arguments.of(model, pass));
      }
    }
    return forms.stream();
  }

  /** Every form but the first, which has none before it. */
  static Stream<Arguments> laterForms() {
    return forms().filter(form -> form.get()[1] != Pass.PARSE);
  }

  private static String sample(String model) {
    return "../samples/" + model + ".model";
  }

  /** What {@code gradgen generate MODEL --dump-after PASS} prints (the scalar kernel's plan). */
  private static CliRun dump(String model, Pass pass) {
    return CliRun.of("generate", sample(model), "--target", "java", "--dump-after", pass.label());
  }

  @ParameterizedTest(name = "{0} after {1}")
  @MethodSource("forms")
  void eachFormMatchesItsGolden(String model, Pass pass) throws IOException {
    CliRun run = dump(model, pass);
    assertEquals(0, run.status(), run.err());
    assertEquals("", run.err());
    Path golden = GOLDEN.resolve(model + "." + pass.label() + ".txt");
    if (Boolean.getBoolean("gradgen.updateGoldens")) {
      Files.writeString(golden, run.out(), StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden " + golden + "; run with -Dgradgen.updateGoldens=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), run.out(), model + " after " + pass.label());
  }

  @ParameterizedTest(name = "{0} after {1}")
  @MethodSource("laterForms")
  void eachFormDiffersFromTheOneBefore(String model, Pass pass) {
    Pass before = Pass.values()[pass.ordinal() - 1];
    assertNotEquals(dump(model, before).out(), dump(model, pass).out(), before.label() + " → " + pass.label());
  }

  /** grad and check dump what Pipeline.dump gives with SIMD as it is in use; generate as --simd says. */
  @ParameterizedTest
  @ValueSource(strings = {"grad", "check", "generate"})
  void everyCommandPrintsThePipelinesDump(String command) {
    for (String model : MODELS) {
      for (Pass pass : Pass.values()) {
        List<String> args = new ArrayList<>(List.of(command, sample(model), "--dump-after", pass.label()));
        boolean simd = Simd.enabled();
        if (command.equals("generate")) {
          args.addAll(List.of("--target", "java", "--simd"));
          simd = true;
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        assertEquals(Pipeline.dump(Path.of(sample(model)), pass, simd), run.out(), String.join(" ", args));
      }
    }
  }

  /** Nothing is compiled and no data read: a data file that does not exist is never missed. */
  @Test
  void stopsBeforeReadingData() {
    CliRun run = CliRun.of("grad", sample("crop-yield"), "--data", "no-such.csv", "--dump-after", "optimize");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("gradient w = %"), run.out());
    assertEquals(2, CliRun.of("grad", sample("crop-yield"), "--data", "no-such.csv").status());
  }

  /** A model's metrics: their roots after check, their methods after plan. */
  @Test
  void theMetricsAreInTheCheckAndPlanDumps() {
    String model = "src/test/resources/metrics/scored.model";
    CliRun checked = CliRun.of("check", model, "--dump-after", "check");
    assertEquals(0, checked.status(), checked.err());
    assertTrue(checked.out().matches("(?s).*\nmetric abs_err = %\\d+\nmetric near = %\\d+\nmetric weight_norm = %\\d+\n"),
        checked.out());
    CliRun planned = CliRun.of("check", model, "--dump-after", "plan");
    assertTrue(planned.out().contains("\nmetric weight_norm: loss: unroll budget "), planned.out());
  }

  @Test
  void aBadPassIsAUsageErrorNamingTheFive() {
    CliRun run = CliRun.of("check", sample("cubic"), "--dump-after", "emit");
    assertEquals(2, run.status());
    assertEquals("", run.out());
    assertEquals("error: --dump-after expects parse, check, differentiate, optimize or"
        + " plan, not 'emit' (see gradgen check --help)\n", run.err());
  }
}
