package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.JaninoLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated Java for a few models, compared whole with checked-in goldens, so every change to
 * emitted code is reviewed as a diff. {@code mvn verify -Dgradgen.updateGoldens=true} rewrites
 * them. Each golden must also compile with javac against the runtime classes alone.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @ParameterizedTest
  @ValueSource(strings = {"cubic", "crop-yield", "Logistic", "Parabola", "LinearSolve", "TanhNet", "Keywords", "WideF32", "Metrics"})
  void generatedSourceMatchesGolden(String model, @TempDir Path out) throws IOException {
    Path file = modelFile(model);
    CheckedModel checked = Pipeline.check(file);
    String source = Pipeline.emitJava(checked, checked.layout().precision(), JavaEmitter.DEFAULT_PACKAGE, false)
        .toString();
    Path golden = GOLDEN.resolve(model + ".java.golden");
    if (Boolean.getBoolean("gradgen.updateGoldens")) {
      Files.writeString(golden, source, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden " + golden + "; run with -Dgradgen.updateGoldens=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), source, "generated source of " + model);
    compilesWithJavac(JavaEmitter.className(checked.layout().modelName()), source, out);
  }

  /**
   * The SIMD kernels of the models that have loops worth vectorising (a wide tanh layer; an f32
   * model, whose floats are widened four at a time), compared with goldens and compiled by javac
   * with the Vector API module.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TanhNet", "WideF32"})
  void simdSourceMatchesGolden(String model, @TempDir Path out) throws IOException {
    CheckedModel checked = Pipeline.check(modelFile(model));
    String source = Pipeline.emitJava(checked, checked.layout().precision(), JavaEmitter.DEFAULT_PACKAGE, true)
        .toString();
    Path golden = GOLDEN.resolve(model + ".simd.java.golden");
    if (Boolean.getBoolean("gradgen.updateGoldens")) {
      Files.writeString(golden, source, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden " + golden + "; run with -Dgradgen.updateGoldens=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), source, "SIMD source of " + model);
    assertTrue(source.contains("DoubleVector.fromArray"), "no vector code for " + model);
    compilesWithJavac(JavaEmitter.className(checked.layout().modelName()), source, out,
        "--add-modules", "jdk.incubator.vector");
  }

  /**
   * The kernels with Hessian-vector products (the second-order code is emitted only when asked
   * for, so the goldens above do not see it): a scalar model and a tanh network, compared whole
   * and compiled by javac.
   */
  @ParameterizedTest
  @ValueSource(strings = {"cubic", "TanhNet"})
  void hessianVectorSourceMatchesGolden(String model, @TempDir Path out) throws IOException {
    CheckedModel checked = Pipeline.check(modelFile(model));
    String source = Pipeline.emitJava(checked, checked.layout().precision(), JavaEmitter.DEFAULT_PACKAGE, false, true)
        .toString();
    Path golden = GOLDEN.resolve(model + ".hvp.java.golden");
    if (Boolean.getBoolean("gradgen.updateGoldens")) {
      Files.writeString(golden, source, StandardCharsets.UTF_8);
    }
    assertTrue(Files.exists(golden), "no golden " + golden + "; run with -Dgradgen.updateGoldens=true");
    assertEquals(Files.readString(golden, StandardCharsets.UTF_8), source, "Hessian-vector source of " + model);
    assertTrue(source.contains("lossGradientAndHessianVector"), "no Hessian-vector method for " + model);
    compilesWithJavac(JavaEmitter.className(checked.layout().modelName()), source, out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Keywords"})
  void clashingNamesGetTheRightGradient(String model) {
    CheckedModel checked = Pipeline.check(modelFile(model));
    String source = Pipeline.emitJava(Pipeline.gradientGraph(checked), checked.layout(), JavaEmitter.DEFAULT_PACKAGE)
        .toString();
    DoubleKernel kernel = (DoubleKernel) JaninoLoader.load(
        JavaEmitter.DEFAULT_PACKAGE + "." + JavaEmitter.className("class"), source);
    double[] gradient = new double[5];
    double loss = kernel.lossAndGradient(new double[] {1, 2, 3, 1.5, 2}, new double[0], 0, 1, gradient);
    assertEquals(1 * 2 + 3 * 1.5 * 2 + 2.25, loss, 1e-12);
    assertEquals(2, gradient[0], 1e-12);
    assertEquals(1, gradient[1], 1e-12);
    assertEquals(3, gradient[2], 1e-12);
    assertEquals(3 * 2 + 3, gradient[3], 1e-12);
    assertEquals(3 * 1.5, gradient[4], 1e-12);
  }

  private static Path modelFile(String model) {
    Path sample = Path.of("../samples").resolve(model + ".model");
    return Files.exists(sample) ? sample : GOLDEN.resolve(model + ".model");
  }

  private static void compilesWithJavac(String className, String source, Path out, String... extra)
      throws IOException {
    Path file = out.resolve(className + ".java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String runtime = Path.of(DoubleKernel.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of("-classpath", runtime, "-d", out.toString(), "-Xlint:all"));
      options.addAll(List.of(extra));
      boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(file)).call();
      StringBuilder report = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
        report.append(diagnostic).append('\n');
      }
      assertTrue(ok, "javac rejected " + className + ":\n" + report);
    }
  }
}
