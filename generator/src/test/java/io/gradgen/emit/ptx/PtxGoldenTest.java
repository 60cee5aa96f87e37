package io.gradgen.emit.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PTX of three models, compared whole with checked-in goldens ({@code
 * src/test/resources/ptx/NAME.ptx.golden}), so every change to emitted PTX is reviewed as a diff:
 * a linear model with a tile of rows (crop yield, f64), a tanh network and an f32 model with wide
 * rows. {@code mvn verify -Dgradgen.updateGoldens=true} rewrites them; {@link PtxasTest} assembles
 * them.
 */
class PtxGoldenTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"CropYield, src/test/resources/ptx/CropYield.model", "TanhNet, src/test/resources/golden/TanhNet.model",
      "WideF32, src/test/resources/golden/WideF32.model"})
  void emittedPtxMatchesGolden(String name, String model) throws IOException {
    CheckedModel checked = Pipeline.check(Path.of(model));
    String text = PtxEmitter.emit(Pipeline.gradientGraph(checked), checked.layout()).text();
    Path golden = PtxCorpus.GOLDEN.resolve(name + ".ptx.golden");
    if (Boolean.getBoolean("gradgen.updateGoldens")) {
      Files.writeString(golden, text, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden " + golden + "; run with -Dgradgen.updateGoldens=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), text, "PTX of " + name);
  }
}
