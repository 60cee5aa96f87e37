package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.GeneratedSources;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.ParameterInit;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.GeneratedModel;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The model class ({@code NameModel}) of a few models, compared whole with checked-in goldens in
 * {@code src/test/resources/modelclass} ({@code -Dgradgen.updateGoldens=true} rewrites them); compiled by Janino with its kernel, it
 * describes and trains the model exactly as {@link Gradgen#compile} does.
 */
class ModelClassEmitterTest {
  private static final Path GOLDEN = Path.of("src/test/resources/modelclass");
  private static final Path KERNEL_GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @ValueSource(strings = {"cubic", "crop-yield", "WideF32", "Settings", "Keywords", "Metrics", "Schedules"})
  void modelClassMatchesGolden(String model) throws IOException {
    String source = GeneratedSources.of(modelFile(model), JavaEmitter.DEFAULT_PACKAGE, false).model().text();
    Path golden = GOLDEN.resolve(model + ".java.golden");
    if (Boolean.getBoolean("gradgen.updateGoldens")) {
      Files.writeString(golden, source, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden " + golden + "; run with -Dgradgen.updateGoldens=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), source, "model class of " + model);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cubic", "crop-yield", "WideF32", "Settings", "Keywords", "Metrics", "Schedules"})
  void describesTheModelAsTheCheckerDoes(String model) throws Exception {
    Path file = modelFile(model);
    CheckedModel checked = Pipeline.check(file);
    GeneratedModel generated = load(GeneratedSources.of(file, "com.example", false));
    assertEquals(checked.layout(), generated.layout());
    assertEquals(checked.training(), generated.training());
    if (checked.dataFile() == null) {
      assertNull(generated.dataFile());
    } else {
      assertEquals(checked.dataFile(), generated.dataFile(file.toAbsolutePath().getParent()));
    }
    assertArrayEquals(ParameterInit.initialize(checked.layout(), 3), generated.initialParams(3));
    Class<?> contract = checked.layout().precision() == Precision.F32 ? FloatKernel.class : DoubleKernel.class;
    assertTrue(contract.isInstance(generated.kernel()), generated.kernel().getClass() + " is no " + contract);
  }

  @Test
  void trainsToTheBitsOfTheRunTimeCompile() throws Exception {
    Path file = modelFile("crop-yield");
    CompiledModel compiled = Gradgen.compile(Pipeline.check(file), Precision.F64, AdjointRules.standard(), false);
    GeneratedModel generated = load(GeneratedSources.of(file, "com.example", false));
    Dataset data = DataLoader.read(compiled.dataFile(), compiled.layout());

    TrainingResult expected = new Trainer(compiled.training(), 2)
        .train(compiled.objective(data), compiled.initialParams(0), null, null);
    TrainingResult actual = new Trainer(generated.training(), 2)
        .train(generated.objective(data), generated.initialParams(0), null, null);
    assertEquals(expected.loss(), actual.loss(), 0.0);
    assertArrayEquals(expected.params(), actual.params(), 0.0);

    double[] row = {73, 67, 43};
    double[] output = new double[2];
    ((DoubleKernel) compiled.kernel()).predict(expected.params(), new double[] {73, 67, 43, 0, 0}, 0, output);
    assertArrayEquals(output, generated.predict(actual.params(), row), 0.0);
  }

  @Test
  void torchOptimOptionsTravelInTheModelClassAndTheKernelsShape(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    // an option off its default: the whole OptimizerSpec record in the model class, the options
    // array in the kernel's EpochShape, both compiled by Janino
    Path file = Files.writeString(dir.resolve("opt.model"), "model Opt\nparam a = 1\nloss (a - 2)^2\n"
        + "train { optimizer adam(lr = 0.01, weight_decay = 0.1, amsgrad = true, maximize = true) }\n");
    GeneratedSources sources = GeneratedSources.of(file, "com.example", false);
    assertTrue(sources.model().text().contains("0.0, 0.1, true, true, false, 0.0, 0.0, 0.0)"), sources.model().text());
    assertTrue(sources.kernel().text().contains("new EpochShape.Option[] {EpochShape.Option.MAXIMIZE, "
        + "EpochShape.Option.WEIGHT_DECAY, EpochShape.Option.AMSGRAD}"), sources.kernel().text());
    GeneratedModel generated = load(sources);
    CheckedModel checked = Pipeline.check(file);
    assertEquals(checked.training(), generated.training());
    assertEquals(io.gradgen.runtime.train.EpochShape.of(checked.training()),
        ((DoubleKernel) generated.kernel()).epochShape());
    for (GeneratedSources.Source source : sources.files()) {
      Files.createDirectories(dir.resolve(source.path()).getParent());
      Files.writeString(dir.resolve(source.path()), source.text(), StandardCharsets.UTF_8);
    }
    int javac = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-proc:none",
        "-cp", System.getProperty("java.class.path"), "-d", dir.resolve("classes").toString(),
        dir.resolve(sources.kernel().path()).toString(), dir.resolve(sources.model().path()).toString());
    assertEquals(0, javac, "javac compiles both too");
  }

  @ParameterizedTest
  @ValueSource(strings = {"lbfgs(lr = 0.5, max_iter = 7, history = 3, line_search = strong_wolfe)", "lbfgs()",
      "newton(damping = 0.25)"})
  void lbfgsAndNewtonOptionsTravelInTheModelClassAndNoEpochKernelIsWritten(String optimizer,
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("curv.model"), "model Curv\nparam a = 1\nloss (a - 2)^2\n"
        + "train { optimizer " + optimizer + " }\n");
    GeneratedSources sources = GeneratedSources.of(file, "com.example", false);
    GeneratedModel generated = load(sources);
    assertEquals(Pipeline.check(file).training(), generated.training());
    assertEquals(null, ((DoubleKernel) generated.kernel()).epochShape());
    assertTrue(!sources.kernel().text().contains(" epoch("), "no epoch method for " + optimizer);
  }

  @Test
  void aModelWithoutDataNamesNoFile() throws Exception {
    String source = GeneratedSources.of(modelFile("cubic"), "com.example", false).model().text();
    assertTrue(source.contains("public Path dataFile() {\n    return null;\n  }"), source);
    assertTrue(!source.contains("DATA_FILE"), source);
  }

  @ParameterizedTest
  @ValueSource(strings = {"exponential(0.9)", "linear(0.25, 0.5, 4)", "linear", "plateau(0.5, 2, 0.01, 1, 1e-6)",
      "warmup(2) then plateau", "warmup(2) then sgdr(3, 2)", "warmup(4) then linear(end_factor = 0.5)"})
  void everyScheduleSurvivesTheModelClass(String schedule, @org.junit.jupiter.api.io.TempDir Path folder)
      throws Exception {
    Path file = folder.resolve("Schedules.model");
    Files.writeString(file, Files.readString(GOLDEN.resolve("Schedules.model"))
        .replace("warmup(3) then multistep(0.5, 4, 8)", schedule));
    if (schedule.endsWith("then plateau")) {
      assertTrue(org.junit.jupiter.api.Assertions.assertThrows(io.gradgen.parse.ModelException.class,
          () -> Pipeline.check(file)).getMessage().contains("SequentialLR cannot step ReduceLROnPlateau"));
      return;
    }
    CheckedModel checked = Pipeline.check(file);
    assertEquals(checked.training(), load(GeneratedSources.of(file, "com.example", false)).training());
  }

  @Test
  void classNameFollowsTheKernels() {
    assertEquals("CropYieldModel", ModelClassEmitter.className("CropYield"));
    assertEquals("CubicModel", ModelClassEmitter.className("cubic"));
    assertEquals(JavaEmitter.className("class").replace("Kernel", "Model"), ModelClassEmitter.className("class"));
  }

  /** Both classes compiled by Janino, the model class instantiated. */
  static GeneratedModel load(GeneratedSources sources) throws CompileException, ReflectiveOperationException {
    SimpleCompiler kernel = new SimpleCompiler();
    kernel.setParentClassLoader(ModelClassEmitterTest.class.getClassLoader());
    kernel.cook(sources.kernel().text());
    SimpleCompiler model = new SimpleCompiler();
    model.setParentClassLoader(kernel.getClassLoader());
    model.cook(sources.model().text());
    return (GeneratedModel) model.getClassLoader().loadClass(sources.model().qualifiedName())
        .getDeclaredConstructor().newInstance();
  }

  /** A sample, a model of the kernel goldens, or one of this test's own (Settings). */
  private static Path modelFile(String model) {
    for (Path folder : new Path[] {Paths.get("../samples"), KERNEL_GOLDEN, GOLDEN}) {
      if (Files.exists(folder.resolve(model + ".model"))) {
        return folder.resolve(model + ".model");
      }
    }
    throw new IllegalArgumentException("no model " + model);
  }
}
