package io.gradgen;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The gradient-check corpus of {@link FiniteDifferenceCorpusTest} for tests in other packages (the
 * PTX backend's): the inline models ({@code name}, model text, whether it reads data) and the
 * emitter corpus's model files.
 */
public final class CorpusAccess {
  private CorpusAccess() {}

  public static Stream<Arguments> inlineModels() {
    return FiniteDifferenceCorpusTest.models();
  }

  public static List<java.nio.file.Path> emitterCorpus() throws java.io.IOException {
    return FiniteDifferenceCorpusTest.emitterCorpus().toList();
  }
}
