package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.check.CheckedModel;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way to a model's two classes, which gradgen generate, the processor and the plugin share. */
class GeneratedSourcesTest {
  private static final Path CROP = Path.of("../samples/crop-yield.model");

  @Test
  void theKernelIsThePipelinesAndTheModelClassSitsBesideIt() {
    GeneratedSources sources = GeneratedSources.of(CROP, "com.example", false);
    CheckedModel checked = Pipeline.check(CROP);
    assertEquals(Pipeline.emitJava(Pipeline.gradientGraph(checked), checked.layout(), "com.example").toString(),
        sources.kernel().text());
    assertEquals("com.example.CropYieldKernel", sources.kernel().qualifiedName());
    assertEquals("com.example.CropYieldModel", sources.model().qualifiedName());
    assertEquals(Path.of("com/example/CropYieldModel.java"), sources.model().path());
    assertEquals("CropYieldKernel.java", sources.kernel().fileName());
    assertTrue(sources.model().text().contains("private static final String DATA_FILE = \"crop-yield.csv\";"));
  }

  @Test
  void theSameModelGivesTheSameFilesWhereverItIsAndHoweverItIsRead(@TempDir Path elsewhere)
      throws IOException {
    Path copy = Files.createDirectories(elsewhere.resolve("deep/folder")).resolve("renamed.model");
    Files.copy(CROP, copy);
    GeneratedSources original = GeneratedSources.of(CROP, "com.example", false);
    assertEquals(original, GeneratedSources.of(copy, "com.example", false));
    String text = Files.readString(CROP);
    assertEquals(original, GeneratedSources.of(ModelReader.parse(text, "CropYield"), Path.of("CropYield"),
        "com.example", false));
  }

  @Test
  void simdWritesTheVectorKernel() {
    GeneratedSources sources = GeneratedSources.of(Path.of("src/test/resources/golden/TanhNet.model"),
        JavaEmitter.DEFAULT_PACKAGE, true);
    assertTrue(sources.kernel().text().contains("DoubleVector.fromArray"));
  }

  @Test
  void theUnnamedPackageHasNoFolder() {
    GeneratedSources sources = GeneratedSources.of(Path.of("../samples/cubic.model"), "", false);
    assertEquals("CubicKernel", sources.kernel().qualifiedName());
    assertEquals(Path.of("CubicModel.java"), sources.model().path());
  }

  @Test
  void refusesAPackageNameThatIsNotOne() {
    assertEquals("'com.example.class' is not a Java package name", assertThrows(IllegalArgumentException.class,
        () -> GeneratedSources.of(CROP, "com.example.class", false)).getMessage());
  }

  @Test
  void aModelErrorIsTheCheckersAtItsPosition() {
    ModelException error = assertThrows(ModelException.class, () -> GeneratedSources.of(
        ModelReader.parse("model M\nparam weight\nloss wieght^2\n", "M"), Path.of("M"), "p", false));
    assertEquals("M:3:6: error: unknown name 'wieght'; did you mean 'weight'?", error.format());
  }

  @Test
  void unicodeNamesReachTheSourceAsEscapesThatJavacReadsInAnyEncoding(@TempDir Path folder) throws IOException {
    String model = "model Modèle\nparam θ = 2\nparam café[2] = 1\nloss θ^2 + sum(café)\n";
    GeneratedSources sources = GeneratedSources.of(ModelReader.parse(model, "m.model"), Path.of("m.model"),
        "com.example", false);
    for (GeneratedSources.Source source : sources.files()) {
      assertTrue(source.text().chars().allMatch(c -> c < 0x80), source.text());
      Files.createDirectories(folder.resolve(source.path()).getParent());
      Files.writeString(folder.resolve(source.path()), source.text(), java.nio.charset.StandardCharsets.US_ASCII);
    }
    assertTrue(sources.model().text().contains("\"\\u03b8\""), sources.model().text());
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-encoding", "US-ASCII", "-proc:none",
        "-cp", System.getProperty("java.class.path"), "-d", folder.resolve("classes").toString(),
        folder.resolve(sources.kernel().path()).toString(), folder.resolve(sources.model().path()).toString());
    assertEquals(0, status);
  }

  @Test
  void asciiOnlyEscapesEachNonAsciiCharAndNothingElse() {
    assertEquals("a\\u00e9\\\\\\u03b8 \\ud835\\udc31", GeneratedSources.Source.asciiOnly("aé\\\\θ \uD835\uDC31"));
    assertEquals("plain", GeneratedSources.Source.asciiOnly("plain"));
  }
}
