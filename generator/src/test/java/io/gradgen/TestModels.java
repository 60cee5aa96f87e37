package io.gradgen;

import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.ir.Graph;
import io.gradgen.parse.ModelReader;
import java.nio.file.Path;

/** Models written inline in a test, run through the real passes. */
public final class TestModels {
  private TestModels() {}

  /** {@code text} parsed and checked, as if read from {@code test.model}. */
  public static CheckedModel check(String text) {
    return Checker.check(ModelReader.parse(text, "test.model"), Path.of("test.model"));
  }

  /** {@code text} checked, differentiated and optimized: what the planner and emitters take. */
  public static Graph gradientGraph(String text) {
    return Pipeline.gradientGraph(check(text));
  }
}
