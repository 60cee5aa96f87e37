package io.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.gradgen.GeneratedSources;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.train.GeneratedModel;
import io.gradgen.parse.ModelReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code @GradientModel} processor run by javac (through compile-testing, and once by the JDK's
 * javac itself): what it generates is exactly what {@code gradgen generate} writes for the same
 * model, a broken model is one error at the annotation, and it works with {@code -proc:only}.
 */
class GradientModelProcessorTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  /** Four models (no data; data, output and a train block; f32; metrics), both classes compared whole. */
  @ParameterizedTest
  @CsvSource({"Cubic, ../samples/cubic.model", "CropYield, ../samples/crop-yield.model",
      "WideF32, src/test/resources/golden/WideF32.model", "Metrics, src/test/resources/golden/Metrics.model"})
  void generatesWhatGradgenGenerateWrites(String name, Path model) throws IOException {
    Compilation compilation = compile(annotated("com.example", name, Files.readString(model)));
    assertThat(compilation).succeededWithoutWarnings();
    GeneratedSources expected = GeneratedSources.of(model, "com.example", false);
    for (GeneratedSources.Source source : expected.files()) {
      assertThat(compilation).generatedSourceFile(source.qualifiedName()).contentsAsUtf8String()
          .isEqualTo(source.text());
    }
    assertEquals(2, compilation.generatedSourceFiles().size());
  }

  @Test
  void aBrokenModelIsOneErrorAtTheAnnotationWithTheModelsPosition(@TempDir Path out) throws IOException {
    JavaFileObject source = annotated("com.example", "Typo", "model Typo\nparam weight\nloss wieght^2\n");
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("Typo:3:6: error: unknown name 'wieght'; did you mean 'weight'?")
        .inFile(source).onLineContaining("@GradientModel");
    assertEquals(List.of(), generatedOnDisk(out, source, "Typo:3:6: error: unknown name 'wieght'"));
  }

  @Test
  void theModelMustBeNamedAfterTheType(@TempDir Path out) throws IOException {
    JavaFileObject source = annotated("com.example", "Crop", "model CropYield\nparam a = 1\nloss a^2\n");
    assertThat(compile(source)).hadErrorContaining(
        "the model is named CropYield but the annotated type Crop; write 'model Crop'");
    assertEquals(List.of(), generatedOnDisk(out, source, "the model is named CropYield"));
  }

  @Test
  void goesOnAnInterfaceOrAnAbstractClassWithValueOrFile() {
    assertThat(compile(JavaFileObjects.forSourceString("com.example.Concrete",
        "package com.example;\n@io.gradgen.runtime.GradientModel(\"model Concrete\")\nclass Concrete {}\n")))
        .hadErrorContaining("@GradientModel goes on an interface or an abstract class");
    assertThat(compile(JavaFileObjects.forSourceString("com.example.Neither",
        "package com.example;\n@io.gradgen.runtime.GradientModel\ninterface Neither {}\n")))
        .hadErrorContaining("needs either the model's text (value) or a .model file (file), not neither");
    Compilation both = compile(JavaFileObjects.forSourceString("com.example.Both",
        "package com.example;\n@io.gradgen.runtime.GradientModel(value = \"model Both\", file = \"both.model\")\n"
            + "abstract class Both {}\n"));
    assertThat(both).hadErrorContaining("not both");
  }

  /**
   * Params named as Java keywords and as the generated classes' own identifiers (LAYOUT,
   * TRAINING, kernel, p, g): the classes compile, and the kernel computes the right gradient.
   */
  @Test
  void keywordAndClashingNamesWork() throws Exception {
    Compilation compilation = compile(annotated("com.example", "Keys", """
        model Keys
        param class = 1
        param double = 2
        param LAYOUT = 3
        param TRAINING = 1.5
        param kernel = 2
        param p = 0.5
        loss class * double + LAYOUT * TRAINING * kernel + p^2
        """));
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = new GeneratedClasses(compilation);
    GeneratedModel model = (GeneratedModel) loader.loadClass("com.example.KeysModel")
        .getDeclaredConstructor().newInstance();
    assertEquals(List.of("class", "double", "LAYOUT", "TRAINING", "kernel", "p"),
        model.layout().params().stream().map(slot -> slot.name()).toList());
    double[] params = model.initialParams(0);
    double[] gradient = new double[6];
    double loss = ((DoubleKernel) model.kernel()).lossAndGradient(params, new double[0], 0, 1, gradient);
    assertEquals(1 * 2 + 3 * 1.5 * 2 + 0.25, loss, 1e-12);
    assertArrayEquals(new double[] {2, 1, 3, 6, 4.5, 1}, gradient, 1e-12);
  }

  /**
   * A trainer generated at build time reports the model's metrics, the same bits as the CLI's
   * kernel (Gradgen.compile, compiled by Janino) gives for the same training.
   */
  @Test
  void aTrainerGeneratedAtBuildTimeReportsTheMetrics() throws Exception {
    Path file = GOLDEN.resolve("Metrics.model");
    Compilation compilation = compile(annotated("com.example", "Metrics", Files.readString(file)));
    assertThat(compilation).succeededWithoutWarnings();
    GeneratedModel model = (GeneratedModel) new GeneratedClasses(compilation).loadClass("com.example.MetricsModel")
        .getDeclaredConstructor().newInstance();
    assertEquals(List.of("abs_err", "near", "weight_norm"), model.layout().metrics());
    io.gradgen.runtime.data.Dataset data = io.gradgen.runtime.data.DataLoader.read(GOLDEN.resolve("metrics.csv"),
        model.layout());
    io.gradgen.runtime.train.TrainingResult built = new io.gradgen.runtime.train.Trainer(model.training(), 1)
        .train(model.objective(data), model.initialParams(0), null, null);
    io.gradgen.CompiledModel cli = io.gradgen.Gradgen.compile(io.gradgen.Pipeline.check(file),
        io.gradgen.runtime.Precision.F64);
    io.gradgen.runtime.train.TrainingResult expected = new io.gradgen.runtime.train.Trainer(model.training(), 1)
        .train(cli.objective(data), cli.initialParams(0), null, null);
    assertEquals(3, built.metrics().length);
    assertArrayEquals(expected.metrics(), built.metrics(), 0.0);
    assertArrayEquals(expected.validationMetrics(), built.validationMetrics(), 0.0);
    assertArrayEquals(expected.history().get(0).metrics(), built.history().get(0).metrics(), 0.0);
  }

  /** {@code file =}: a .model file on the source path, relative to the package or from the root. */
  @Test
  void readsAModelFileFromTheSourcePath(@TempDir Path sources) throws IOException {
    Files.createDirectories(sources.resolve("com/example"));
    Files.copy(Path.of("../samples/crop-yield.model"), sources.resolve("com/example/crop-yield.model"));
    Files.copy(GOLDEN.resolve("WideF32.model"), sources.resolve("wide.model"));
    Compilation compilation = javac()
        .withProcessors(new GradientModelProcessor())
        .withOptions("-sourcepath", sources.toString())
        .compile(
            JavaFileObjects.forSourceString("com.example.CropYield", "package com.example;\n"
                + "@io.gradgen.runtime.GradientModel(file = \"crop-yield.model\")\ninterface CropYield {}\n"),
            JavaFileObjects.forSourceString("com.example.WideF32", "package com.example;\n"
                + "@io.gradgen.runtime.GradientModel(file = \"/wide.model\")\ninterface WideF32 {}\n"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.CropYieldModel").contentsAsUtf8String()
        .isEqualTo(GeneratedSources.of(Path.of("../samples/crop-yield.model"), "com.example", false).model().text());
    assertThat(compilation).generatedSourceFile("com.example.WideF32Kernel").contentsAsUtf8String()
        .contains("implements FloatKernel");
  }

  @Test
  void aMissingOrBrokenModelFileIsAnErrorNamingIt(@TempDir Path sources) throws IOException {
    Files.writeString(sources.resolve("bad.model"), "model Bad\nparam a = 1\nloss a @ a\n");
    Compilation compilation = javac()
        .withProcessors(new GradientModelProcessor())
        .withOptions("-sourcepath", sources.toString())
        .compile(
            JavaFileObjects.forSourceString("com.example.Gone", "package com.example;\n"
                + "@io.gradgen.runtime.GradientModel(file = \"gone.model\")\ninterface Gone {}\n"),
            JavaFileObjects.forSourceString("Bad", "@io.gradgen.runtime.GradientModel(file = \"bad.model\")\n"
                + "interface Bad {}\n"));
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("cannot find model file 'gone.model' (as com/example/gone.model)");
    assertThat(compilation).hadErrorContaining("bad.model:3:");
  }

  @Test
  void worksWithProcOnly() {
    Compilation compilation = javac()
        .withProcessors(new GradientModelProcessor())
        .withOptions("-proc:only")
        .compile(annotated("com.example", "Cubic", "model Cubic\nparam a = 5\nparam b = 6\nloss a^3 - b^2\n"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.CubicKernel");
    assertThat(compilation).generatedSourceFile("com.example.CubicModel");
    assertEquals(List.of(), compilation.generatedFiles().stream()
        .filter(file -> file.getKind() == JavaFileObject.Kind.CLASS).toList());
  }

  /**
   * The JDK's own javac, as Maven and Gradle run it (the processor found by its service file on
   * the processor path), with Gradle's layout: the model in {@code src/main/resources}, the class
   * output in {@code build/classes/java/main}, no resources on the class path.
   */
  @Test
  void javacFindsTheProcessorAndAModelInSrcMainResources(@TempDir Path project) throws Exception {
    Path java = Files.createDirectories(project.resolve("src/main/java/com/example"));
    Path resources = Files.createDirectories(project.resolve("src/main/resources/com/example"));
    Path classes = Files.createDirectories(project.resolve("build/classes/java/main"));
    Path generated = Files.createDirectories(project.resolve("build/generated/sources/annotationProcessor/java/main"));
    Files.copy(Path.of("../samples/cubic.model"), resources.resolve("cubic.model"));
    Files.writeString(java.resolve("Cubic.java"), "package com.example;\n"
        + "@io.gradgen.runtime.GradientModel(file = \"cubic.model\")\ninterface Cubic {}\n");
    String classPath = classPath();
    int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-classpath", classPath, "-processorpath", classPath, "-d", classes.toString(), "-s", generated.toString(),
        "--release", "17", java.resolve("Cubic.java").toString());
    assertEquals(0, status);
    assertTrue(Files.isRegularFile(classes.resolve("com/example/CubicKernel.class")));
    assertEquals(GeneratedSources.of(Path.of("../samples/cubic.model"), "com.example", false).kernel().text(),
        Files.readString(generated.resolve("com/example/CubicKernel.java")));
  }

  /**
   * The files javac's processor writes under {@code out} for {@code source}, whose compilation
   * fails with {@code error} (compile-testing shows no generated files of a failed compilation).
   */
  private static List<Path> generatedOnDisk(Path out, JavaFileObject source, String error) throws IOException {
    Path file = Files.createDirectories(out.resolve("src/com/example")).resolve(Path.of(source.getName()).getFileName());
    try (InputStream in = source.openInputStream()) {
      Files.write(file, in.readAllBytes());
    }
    Path generated = Files.createDirectories(out.resolve("generated"));
    Path classes = Files.createDirectories(out.resolve("classes"));
    String classPath = classPath();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = ToolProvider.getSystemJavaCompiler().run(null, null, errors,
        "-classpath", classPath, "-processorpath", classPath, "-d", classes.toString(), "-s", generated.toString(),
        file.toString());
    String printed = errors.toString(StandardCharsets.UTF_8);
    assertTrue(status != 0 && printed.contains(error), printed);
    try (Stream<Path> files = Files.walk(generated)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /** What javac needs to run the processor: generator, runtime, grammar, ANTLR, JavaPoet. */
  private static String classPath() {
    return Stream.of(GradientModelProcessor.class, DoubleKernel.class, ModelReader.class,
            org.antlr.v4.runtime.Lexer.class, com.palantir.javapoet.JavaFile.class)
        .map(GradientModelProcessorTest::codeSource)
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void isRegisteredForJavacAndAsIsolatingForGradle() throws IOException {
    assertEquals(GradientModelProcessor.class.getName() + "\n",
        resource("META-INF/services/javax.annotation.processing.Processor"));
    assertEquals(GradientModelProcessor.class.getName() + ",isolating\n",
        resource("META-INF/gradle/incremental.annotation.processors"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GradientModelProcessor.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new GradientModelProcessor()).compile(sources);
  }

  /** {@code package P; @GradientModel("""MODEL""") interface NAME {}}, the model as a text block. */
  private static JavaFileObject annotated(String packageName, String name, String model) {
    String block = model.lines()
        .map(line -> "    " + line.replace("\\", "\\\\").replace("\"\"\"", "\\\"\"\""))
        .collect(Collectors.joining("\n", "\"\"\"\n", "\n    \"\"\""));
    return JavaFileObjects.forSourceString(packageName + "." + name, "package " + packageName + ";\n\n"
        + "import io.gradgen.runtime.GradientModel;\n\n"
        + "@GradientModel(" + block + ")\n"
        + "interface " + name + " {}\n");
  }

  /** Loads the classes a compilation wrote, over this test's class path. */
  private static final class GeneratedClasses extends ClassLoader {
    private final Compilation compilation;

    GeneratedClasses(Compilation compilation) {
      super(GradientModelProcessorTest.class.getClassLoader());
      this.compilation = compilation;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      String path = "/CLASS_OUTPUT/" + name.replace('.', '/') + ".class";
      for (JavaFileObject file : compilation.generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS && file.toUri().getPath().endsWith(path)) {
          try (InputStream in = file.openInputStream()) {
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
      }
      throw new ClassNotFoundException(name);
    }
  }
}
