package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradgen.Backend;
import io.gradgen.Backends;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The options every model command shares: {@code --backend} from the registry, {@code --at} as a map. */
class ModelOptionsTest {
  private static final String CUBIC = "../samples/cubic.model";
  private static final String CROP = "../samples/crop-yield.model";

  @Test
  void anUnknownBackendIsAUsageErrorNamingThisBuildsChoices() {
    CliRun run = CliRun.of("grad", CUBIC, "--backend", "gpu");
    assertEquals(2, run.status());
    assertEquals("error: unknown backend 'gpu'; expected java, interpreted, cuda or auto\n", run.err());
    assertEquals("", run.out());
  }

  /**
   * The cuda module is in this build; on a machine without a GPU (or its driver) {@code --backend
   * cuda} fails the run (exit 1) in one line naming why, for every command that runs a model.
   */
  @ParameterizedTest
  @ValueSource(strings = {"grad", "predict", "train"})
  void cudaWithoutAGpuFailsTheRunInOneLine(String command) {
    assertTrue(Backends.installed().named("cuda").isPresent(), "the cuda module is on the CLI's class path");
    Optional<String> why = Backends.installed().named("cuda").orElseThrow().unavailable();
    assumeTrue(why.isPresent(), "a CUDA GPU is present here; this test is for machines without one");
    CliRun run = CliRun.of(command, command.equals("grad") ? CUBIC : CROP, "--backend", "cuda");
    assertEquals(1, run.status());
    assertEquals("error: " + why.get() + "; use --backend java\n", run.err());
    assertTrue(run.err().matches("error: no CUDA GPU available \\(.+\\); use --backend java\n"), run.err());
    assertEquals("", run.out());
  }

  /** Without a GPU, or for a small job, auto is java. */
  @Test
  void autoIsJavaWithoutAGpuOrForASmallJob() {
    for (String command : List.of("grad", "predict")) {
      String model = command.equals("grad") ? CUBIC : CROP;
      CliRun java = CliRun.of(command, model);
      CliRun auto = CliRun.of(command, model, "--backend", "auto");
      assertEquals(0, auto.status(), auto.err());
      assertEquals(java.out(), auto.out());
    }
    CliRun train = CliRun.of("train", CROP, "--backend", "auto", "--quiet");
    assertEquals(0, train.status(), train.err());
    assertTrue(!train.err().contains("backend:"), train.err());
    CliRun said = CliRun.of("train", CROP, "--backend", "auto", "--epochs", "2");
    assertEquals(0, said.status(), said.err());
    assertTrue(said.err().startsWith("backend: java (chosen by --backend auto)\n"), said.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "grad", "check", "predict", "bench"})
  void helpListsTheRegistrysBackends(String command) {
    CliRun run = CliRun.of(command, "--help");
    assertEquals(0, run.status(), run.err());
    String choices = String.join(", ", Backends.installed().choices());
    assertTrue(run.out().replaceAll("\\s+", " ").contains("one of " + choices + " (default: java)"), run.out());
    for (Backend backend : Backends.installed().all()) {
      assertTrue(run.out().lines().anyMatch(line -> line.startsWith("  " + backend.name() + " ")
          && line.contains(backend.description().substring(0, 20))), run.out());
    }
    assertTrue(run.out().lines().anyMatch(line -> line.startsWith("  auto ")), run.out());
  }

  @Test
  void generateHasNoBackendToList() {
    assertTrue(!CliRun.of("generate", "--help").out().contains("Backends in this build"));
  }

  @Test
  void atSetsScalarsGivenOnceOrRepeated() {
    String expected = "{\"loss\": -3.0, \"gradient\": {\"a\": 3.0, \"b\": -4.0}}\n";
    assertEquals(expected, CliRun.of("grad", CUBIC, "--at", "a=1,b=2", "--json").out());
    assertEquals(expected, CliRun.of("grad", CUBIC, "--at", "a=1", "--at", "b=2", "--json").out());
    assertEquals(expected, CliRun.of("grad", CUBIC, "--at", " a = 1 ,b=2", "--json").out());
  }

  @Test
  void aParamGivenTwiceIsRefusedRatherThanTheLastWinning() {
    CliRun twice = CliRun.of("grad", CUBIC, "--at", "a=7,a=1", "--at", "b=2", "--json");
    assertEquals(2, twice.status());
    assertEquals("error: --at: 'a' is given twice\n", twice.err());
  }

  @Test
  void badAtEntriesKeepTheirMessages() {
    String[][] cases = {
      {CUBIC, "a"}, {CUBIC, "=5"}, {CUBIC, "zz=1"}, {CROP, "w=1"}, {CUBIC, "a=five"}, {CUBIC, "a="}, {CUBIC, "a=1,b"},
    };
    String[] expected = {
      "error: --at expects NAME=VALUE, not 'a'",
      "error: --at expects NAME=VALUE, not '=5'",
      "error: --at: model Cubic has no param 'zz'",
      "error: --at: param 'w' has shape [2, 3]; --at sets scalars only",
      "error: --at: 'five' is not a number",
      "error: --at: '' is not a number",
      "error: --at expects NAME=VALUE, not 'b'",
    };
    for (int i = 0; i < cases.length; i++) {
      CliRun run = CliRun.of("grad", cases[i][0], "--at", cases[i][1]);
      assertEquals(2, run.status(), cases[i][1]);
      assertEquals(expected[i] + "\n", run.err(), cases[i][1]);
      assertEquals("", run.out(), cases[i][1]);
    }
  }
}
