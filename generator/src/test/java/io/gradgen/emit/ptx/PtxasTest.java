package io.gradgen.emit.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradgen.Pipeline;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ptxas} assembles the PTX of every sample, every model of the gradient-check corpus and
 * every golden, in f32 and f64, for {@code sm_80} and {@code sm_90}. Where no {@code ptxas} is
 * installed (no CUDA toolkit) the tests are skipped, and say so.
 */
class PtxasTest {
  static final List<String> ARCHITECTURES = List.of("sm_80", "sm_90");
  private static Optional<Ptxas> ptxas;

  @BeforeAll
  static void findAssembler() {
    ptxas = Ptxas.find();
    System.out.println(ptxas.map(found -> "PtxasTest: assembling with " + found.executable())
        .orElse("PtxasTest: SKIPPED, no ptxas (set CUDA_HOME, install the CUDA toolkit in /usr/local/cuda, or put ptxas on PATH)"));
  }

  static Stream<PtxCorpus.Model> models() {
    return PtxCorpus.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void everyModelAssembles(PtxCorpus.Model model) throws Exception {
    assumeTrue(ptxas.isPresent(), "no ptxas on this machine");
    PtxCorpus.assumeEmittable(model);
    List<String> failures = new ArrayList<>();
    for (Precision precision : Precision.values()) {
      ModelLayout layout = withPrecision(model.checked().layout(), precision);
      String text = PtxEmitter.emit(Pipeline.gradientGraph(model.checked()), layout).text();
      for (String arch : ARCHITECTURES) {
        ptxas.get().assemble(text, arch).ifPresent(error -> failures.add(precision + " " + arch + ": " + error));
      }
    }
    assertEquals(List.of(), failures, model.name());
  }

  @Test
  void everyGoldenAssembles() throws Exception {
    assumeTrue(ptxas.isPresent(), "no ptxas on this machine");
    List<String> failures = new ArrayList<>();
    List<Path> goldens;
    try (Stream<Path> files = Files.list(PtxCorpus.GOLDEN)) {
      goldens = files.filter(path -> path.toString().endsWith(".ptx.golden")).sorted().toList();
    }
    assumeTrue(!goldens.isEmpty(), "no goldens yet");
    for (Path golden : goldens) {
      for (String arch : ARCHITECTURES) {
        ptxas.get().assemble(Files.readString(golden), arch).ifPresent(error -> failures.add(golden + " " + arch + ": " + error));
      }
    }
    assertEquals(List.of(), failures);
  }

  static ModelLayout withPrecision(ModelLayout layout, Precision precision) {
    return new ModelLayout(layout.modelName(), layout.params(), layout.data(), layout.outputShape(),
        layout.outputName(), precision);
  }
}
