package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.DoubleKernel;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user runs them: exact output, exit status, files written. */
class CommandsTest {
  private static final String CUBIC = "../samples/cubic.model";

  private static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @Test
  void gradOfCubicAsJsonIsExactlyTheReferenceShape() {
    CliRun run = run("grad", CUBIC, "--json");
    assertEquals(0, run.status(), run.err());
    assertEquals("{\"loss\": 89.0, \"gradient\": {\"a\": 75.0, \"b\": -12.0}}\n", run.out());
  }

  @Test
  void gradOfCubicAsText() {
    CliRun run = run("grad", CUBIC);
    assertEquals("loss: 89\ngradient:\n  a: 75\n  b: -12\n", run.out());
  }

  @Test
  void gradAtOtherValues() {
    CliRun run = run("grad", CUBIC, "--at", "a=1,b=2", "--json");
    assertEquals("{\"loss\": -3.0, \"gradient\": {\"a\": 3.0, \"b\": -4.0}}\n", run.out());
  }

  @Test
  void interpretedBackendGivesTheSameGradient() {
    assertEquals(run("grad", CUBIC, "--json").out(), run("grad", CUBIC, "--json", "--backend", "interpreted").out());
  }

  @Test
  void checkPassesOnTheSamples() {
    assertEquals(0, run("check", CUBIC).status());
    CliRun crop = run("check", "../samples/crop-yield.model", "--json");
    assertEquals(0, crop.status(), crop.out() + crop.err());
    assertTrue(crop.out().startsWith("{\"agree\": true"), crop.out());
  }

  @Test
  void generatedFileCompilesWithJavacAgainstTheRuntimeAlone(@TempDir Path out) throws Exception {
    CliRun run = run("generate", "../samples/crop-yield.model", "--target", "java", "-o", out.toString(),
        "--package", "com.example.crop");
    assertEquals(0, run.status(), run.err());
    Path file = Path.of(run.out().trim());
    assertEquals(out.resolve("CropYieldKernel.java"), file);
    String runtime = Path.of(DoubleKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        "-classpath", runtime, "-d", out.toString(), file.toString());
    assertEquals(0, javac);
    try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {out.toUri().toURL()},
        DoubleKernel.class.getClassLoader())) {
      DoubleKernel kernel = (DoubleKernel) loader.loadClass("com.example.crop.CropYieldKernel")
          .getDeclaredConstructor().newInstance();
      assertEquals("CropYield", kernel.layout().modelName());
      assertEquals(8, kernel.layout().parameterCount());
    }
  }

  @Test
  void badArgumentsAreOneLineWithStatusTwo() {
    for (String[] args : new String[][] {
        {"grad", CUBIC, "--backend", "gpu"},
        {"grad", CUBIC, "--at", "zz=1"},
        {"train", CUBIC, "--epochs", "0"},
        {"generate", CUBIC, "--target", "cobol"},
        {"grad", "no-such.model"},
        {"frobnicate"}}) {
      CliRun run = run(args);
      assertEquals(2, run.status(), String.join(" ", args) + ": " + run.err());
      assertEquals(1, run.err().lines().count(), run.err());
      assertTrue(!run.err().contains("Exception"), run.err());
    }
  }

  @Test
  void trainPrintsTheParamsAndSavesThemAtomically(@TempDir Path out) {
    Path save = out.resolve("crop.json");
    CliRun run = run("train", "../samples/crop-yield.model", "--quiet", "--save", save.toString(), "--json");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("\"steps\": 500") && run.out().contains("\"stopped\": \"epochs\""), run.out());
    assertTrue(Files.exists(save));
    CliRun predict = run("predict", "../samples/crop-yield.model", "--params", save.toString());
    assertEquals(0, predict.status(), predict.err());
    assertEquals(16, predict.out().lines().count());
    assertTrue(predict.out().startsWith("yhat[0],yhat[1]\n"), predict.out());
  }
}
