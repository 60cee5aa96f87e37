package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.GeneratedSources;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.ptx.PtxEmitter;
import io.gradgen.emit.ptx.PtxModule;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.GeneratedModel;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradgen generate} writes the kernel and its model class, the same two files the processor
 * and the Maven plugin make ({@link GeneratedSources}); javac compiles them against the runtime
 * alone, and they train to the bits of {@link Gradgen#compile}.
 */
class GenerateCommandTest {
  private static final String CROP = "../samples/crop-yield.model";

  @Test
  void writesBothClassesAndPrintsTheKernelsPath(@TempDir Path out) throws IOException {
    CliRun run = CliRun.of("generate", CROP, "--target", "java", "-o", out.toString(), "--package", "com.example");
    assertEquals(0, run.status(), run.err());
    assertEquals(out.resolve("CropYieldKernel.java") + "\n", run.out());
    GeneratedSources expected = GeneratedSources.of(Path.of(CROP), "com.example", false);
    for (GeneratedSources.Source source : expected.files()) {
      assertEquals(source.text(), Files.readString(out.resolve(source.fileName())));
    }
  }

  /** Java is the natural target: without --target, generate writes what --target java writes. */
  @Test
  void theTargetIsJavaByDefault(@TempDir Path out) throws IOException {
    CliRun run = CliRun.of("generate", CROP, "-o", out.toString(), "--package", "com.example");
    assertEquals(0, run.status(), run.err());
    assertEquals(out.resolve("CropYieldKernel.java") + "\n", run.out());
    for (GeneratedSources.Source source : GeneratedSources.of(Path.of(CROP), "com.example", false).files()) {
      assertEquals(source.text(), Files.readString(out.resolve(source.fileName())));
    }
  }

  @Test
  void theClassesCompileAgainstTheRuntimeAloneAndTrainAsGradgenCompileDoes(@TempDir Path out) throws Exception {
    assertEquals(0, CliRun.of("generate", CROP, "--target", "java", "-o", out.toString(), "--package", "com.example")
        .status());
    String runtime = Path.of(DoubleKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath", runtime, "-d",
        out.toString(), out.resolve("CropYieldKernel.java").toString(), out.resolve("CropYieldModel.java").toString());
    assertEquals(0, javac);

    CompiledModel compiled = Gradgen.compile(Path.of(CROP));
    Dataset data = DataLoader.read(compiled.dataFile(), compiled.layout());
    TrainingResult expected = new Trainer(compiled.training(), 2)
        .train(compiled.objective(data), compiled.initialParams(0), null, null);
    try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {out.toUri().toURL()},
        DoubleKernel.class.getClassLoader())) {
      GeneratedModel model = (GeneratedModel) loader.loadClass("com.example.CropYieldModel")
          .getDeclaredConstructor().newInstance();
      assertEquals(Path.of("crop-yield.csv"), model.dataFile());
      TrainingResult actual = new Trainer(model.training(), 2)
          .train(model.objective(data), model.initialParams(0), null, null);
      assertEquals(expected.loss(), actual.loss(), 0.0);
      assertArrayEquals(expected.params(), actual.params(), 0.0);
      assertTrue(model.kernel() instanceof DoubleKernel);
    }
  }

  @Test
  void targetPtxWritesTheModuleAndItsLaunchMetadataAndPrintsBothPaths(@TempDir Path out) throws IOException {
    CliRun run = CliRun.of("generate", CROP, "--target", "ptx", "-o", out.toString());
    assertEquals(0, run.status(), run.err());
    assertEquals(out.resolve("CropYield.ptx") + "\n" + out.resolve("CropYield.ptx.json") + "\n", run.out());
    CheckedModel checked = Pipeline.check(Path.of(CROP));
    PtxModule expected = PtxEmitter.emit(Pipeline.gradientGraph(checked), checked.layout());
    assertEquals(expected.text(), Files.readString(out.resolve("CropYield.ptx")));
    assertEquals(expected.json(), Files.readString(out.resolve("CropYield.ptx.json")));
    assertTrue(expected.text().contains(".entry loss_grad("), expected.text());
    assertTrue(expected.json().contains("\"name\" : \"loss_grad\""), expected.json());
  }

  @Test
  void anUnknownTargetIsBadInput(@TempDir Path out) {
    CliRun run = CliRun.of("generate", CROP, "--target", "cubin", "-o", out.toString());
    assertEquals(2, run.status());
    assertEquals("error: unknown target 'cubin'; expected java or ptx\n", run.err());
  }
}
