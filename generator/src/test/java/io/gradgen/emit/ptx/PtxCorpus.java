package io.gradgen.emit.ptx;

import io.gradgen.CorpusAccess;
import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every model the PTX backend is checked on: the samples ({@code samples/*.model}), the gradient-check
 * corpus (the inline models of {@code FiniteDifferenceCorpusTest} and the emitter corpus's files:
 * goldens, row blocks, SIMD, the benchmark jobs) and the PTX goldens' models; but for those the
 * PTX backend refuses by design ({@link #refused}), which {@code PtxEmitterTest} checks instead.
 */
final class PtxCorpus {
  /** A model of the corpus: a name for test reports, and the model checked. */
  record Model(String name, CheckedModel checked) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Path GOLDEN = Path.of("src/test/resources/ptx");

  private PtxCorpus() {}

  static List<Model> all() {
    List<Model> models = new ArrayList<>();
    models.addAll(files(samples()));
    models.addAll(files(list(GOLDEN)));
    try {
      models.addAll(files(CorpusAccess.emitterCorpus()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CorpusAccess.inlineModels().forEach(arguments -> {
      Object[] values = arguments.get();
      models.add(new Model("corpus: " + values[0], TestModels.check((String) values[1])));
    });
    models.removeIf(model -> refused(model.checked()));
    return models;
  }

  /**
   * Skips the calling test where the model's gradient graph holds an op the PTX backend refuses
   * ({@link ScalarOps#WITHOUT_CODE}): exactly those models, and for that reason only.
   */
  static void assumeEmittable(Model model) {
    java.util.Optional<io.gradgen.ir.Op> refused = Pipeline.gradientGraph(model.checked()).nodes().stream()
        .map(io.gradgen.ir.Node::op).filter(ScalarOps.WITHOUT_CODE::contains).findFirst();
    org.junit.jupiter.api.Assumptions.assumeTrue(refused.isEmpty(),
        () -> model.name() + ": the PTX backend has no code for " + refused.get().label());
  }

  /** A model with a {@code metric}: the PTX backend computes none and refuses it (PtxEmitter). */
  static boolean refused(CheckedModel checked) {
    return !checked.metrics().isEmpty();
  }

  static Stream<Model> stream() {
    return all().stream();
  }

  static List<Path> samples() {
    return list(Path.of("../samples"));
  }

  private static List<Model> files(List<Path> paths) {
    List<Model> models = new ArrayList<>();
    for (Path path : paths) {
      models.add(new Model(path.toString(), Pipeline.check(path)));
    }
    return models;
  }

  static List<Path> list(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(path -> path.toString().endsWith(".model")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
