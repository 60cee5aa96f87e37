package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.autodiff.Differentiate;
import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Shape;
import io.gradgen.optimize.Optimize;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.JaninoLoader;
import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JavaEmitterTest {

  /**
   * Blocking over rows changes speed alone: on every model of the golden corpus, the samples and
   * {@code rowblock/} (every kind of rolled nest), in both precisions, over row ranges that leave a
   * remainder after the blocks, the blocked kernel's loss and gradient are bit for bit those of the
   * kernel that handles one row per iteration.
   */
  @Test
  void rowBlockedKernelsGiveTheOneRowKernelsBits() throws IOException {
    int blocked = compareEveryModel(List.of("src/test/resources/golden", "src/test/resources/rowblock", "../samples"),
        (graph, layout) -> JavaEmitter.emit(graph, layout, JavaEmitter.DEFAULT_PACKAGE, 1, false).toString(),
        (graph, layout) -> JavaEmitter.emit(graph, layout, JavaEmitter.DEFAULT_PACKAGE).toString());
    assertTrue(blocked >= 2, "no kernel was blocked");
  }

  /**
   * The plan's ladder changes speed alone: on the golden, row-block and SIMD corpora and the
   * samples, the bottom rung (one row an iteration, everything but scalars rolled: what a planner
   * whose sizer accepts nothing takes) gives the top rung's bits.
   */
  @Test
  void theBottomRungOfTheLadderGivesTheTopRungsBits() throws IOException {
    int differed = compareEveryModel(
        List.of("src/test/resources/golden", "src/test/resources/rowblock", "../samples", "src/test/resources/simd"),
        (graph, layout) -> JavaEmitter.emit(io.gradgen.plan.Planner.plan(graph, layout,
            JavaEmitter.DEFAULT_EPOCH, false, io.gradgen.plan.MethodSizer.ANY), JavaEmitter.DEFAULT_PACKAGE).toString(),
        (graph, layout) -> JavaEmitter.emit(io.gradgen.plan.Planner.plan(graph, layout, JavaEmitter.DEFAULT_EPOCH, false,
            plan -> false),
            JavaEmitter.DEFAULT_PACKAGE).toString());
    assertTrue(differed >= 10, "only " + differed + " kernels changed on the bottom rung");
  }

  /**
   * SIMD changes speed alone: on every model of the golden corpus, {@code rowblock/}, the samples,
   * the benchmark jobs and {@code simd/} (every op with a lane-wise twin, reads that are not
   * consecutive, f32), in both precisions, the kernel written with the Vector API gives the scalar
   * kernel's loss and gradient bit for bit.
   */
  @Test
  void simdKernelsGiveTheScalarKernelsBits() throws IOException {
    int vectorised = compareEveryModel(
        List.of("src/test/resources/golden", "src/test/resources/rowblock", "../samples", "../benchmarks/models",
            "src/test/resources/simd"),
        (graph, layout) -> JavaEmitter.emit(graph, layout, JavaEmitter.DEFAULT_PACKAGE, false).toString(),
        (graph, layout) -> JavaEmitter.emit(graph, layout, JavaEmitter.DEFAULT_PACKAGE, true).toString());
    assertTrue(vectorised >= 8, "only " + vectorised + " SIMD kernels differed from the scalar ones");
  }

  /**
   * HotSpot compiles no method over 8,000 bytes of bytecode, so the planner keeps each method to
   * {@link JavaEmitter#MAX_BODY_TOKENS} tokens. Compiled by javac, every method of every corpus
   * model's kernel, scalar and SIMD, is under the limit, and the deepest ones (the row-block and
   * SIMD test models, planned down the ladder) are not far below it: the token count tracks the
   * bytecode.
   */
  @Test
  void everyMethodStaysUnderHotSpotsLimit(@org.junit.jupiter.api.io.TempDir Path out) throws IOException {
    int largest = 0;
    String where = "";
    for (String folder : List.of("src/test/resources/golden", "src/test/resources/rowblock", "../samples",
        "../benchmarks/models", "src/test/resources/simd")) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        for (Path model : files.filter(path -> path.toString().endsWith(".model")).sorted().toList()) {
          CheckedModel checked = Pipeline.check(model);
          for (boolean simd : new boolean[] {false, true}) {
            String source = JavaEmitter.emit(Pipeline.gradientGraph(checked), checked.layout(),
                JavaEmitter.DEFAULT_PACKAGE, simd).toString();
            String name = JavaEmitter.className(checked.layout().modelName());
            Path file = out.resolve(name + ".java");
            Files.writeString(file, source);
            javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
            String runtime = Path.of(DoubleKernel.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toString();
            int status = javac.run(null, null, null, "--add-modules", "jdk.incubator.vector", "-nowarn",
                "-XDsuppressNotes", "-classpath", runtime, "-d", out.toString(), file.toString());
            assertEquals(0, status, "javac rejected " + model);
            byte[] bytes = Files.readAllBytes(out.resolve("io/gradgen/generated/" + name + ".class"));
            for (Map.Entry<String, Integer> method : ClassFileSizes.codeLengths(bytes).entrySet()) {
              assertTrue(method.getValue() < 8_000, model + (simd ? " SIMD " : " ") + method.getKey() + ": "
                  + method.getValue() + " bytes of bytecode");
              if (method.getValue() > largest) {
                largest = method.getValue();
                where = model + " " + method.getKey();
              }
            }
          }
        }
      }
    }
    assertTrue(largest > 5_000, "the largest method, " + where + ", has " + largest + " bytes: the ladder is not used");
  }

  /**
   * {@code lossAndGradient}'s loss is {@code loss}'s, bit for bit, whatever the two methods' row
   * blocks: the trainer computes its final loss with whichever of the two is already compiled.
   */
  @Test
  void lossAndGradientGivesTheLossOfLoss() throws IOException {
    int checked = 0;
    for (String folder : List.of("src/test/resources/golden", "src/test/resources/rowblock", "../samples",
        "src/test/resources/simd", "../benchmarks/models")) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        for (Path model : files.filter(path -> path.toString().endsWith(".model")).sorted().toList()) {
          CheckedModel compiled = Pipeline.check(model);
          for (boolean simd : new boolean[] {false, true}) {
            Kernel kernel = Gradgen.compile(compiled, compiled.layout().precision(),
                io.gradgen.autodiff.AdjointRules.standard(), simd).kernel();
            Random random = new Random(model.hashCode());
            int rows = kernel.layout().hasInputs() ? 37 : 1;
            double[] params = new double[kernel.layout().parameterCount()];
            for (int i = 0; i < params.length; i++) {
              params[i] = random.nextGaussian() * 0.5;
            }
            double[] data = new double[rows * kernel.layout().rowWidth()];
            for (int i = 0; i < data.length; i++) {
              data[i] = random.nextInt(3) + random.nextDouble() * 0.1;
            }
            for (int[] range : new int[][] {{0, rows}, {rows / 3, rows}, {0, 1}}) {
              double withGradient;
              double alone;
              if (kernel instanceof DoubleKernel d) {
                withGradient = d.lossAndGradient(params, data, range[0], range[1], new double[params.length]);
                alone = d.loss(params, data, range[0], range[1]);
              } else {
                FloatKernel f = (FloatKernel) kernel;
                float[] p = new float[params.length];
                float[] x = new float[data.length];
                for (int i = 0; i < p.length; i++) {
                  p[i] = (float) params[i];
                }
                for (int i = 0; i < x.length; i++) {
                  x[i] = (float) data[i];
                }
                withGradient = f.lossAndGradient(p, x, range[0], range[1], new double[params.length]);
                alone = f.loss(p, x, range[0], range[1]);
              }
              boolean same = Double.doubleToRawLongBits(withGradient) == Double.doubleToRawLongBits(alone)
                  || (Double.isNaN(withGradient) && Double.isNaN(alone));
              assertTrue(same, model + (simd ? " SIMD" : "") + " rows " + range[0] + ".." + range[1] + ": "
                  + withGradient + " vs " + alone);
              checked++;
            }
          }
        }
      }
    }
    assertTrue(checked > 100, checked + " checked");
  }

  /**
   * The sizer says yes without writing a method where {@link TokenBound} is under the limit, so the
   * bound must never be under the written method's tokens: checked for every method, rung of the
   * ladder and precision of every corpus model, scalar and SIMD.
   */
  @Test
  void theTokenBoundIsNeverUnderTheWrittenMethod() throws IOException {
    int methods = 0;
    for (String folder : List.of("src/test/resources/golden", "src/test/resources/rowblock", "../samples",
        "../benchmarks/models", "src/test/resources/simd", "../grammar/src/test/resources/io/gradgen/parse/examples")) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        for (Path model : files.filter(path -> path.toString().endsWith(".model")).sorted().toList()) {
          CheckedModel checked = Pipeline.check(model);
          Graph graph = Pipeline.gradientGraph(checked);
          for (Precision precision : Precision.values()) {
            ModelLayout layout = withPrecision(checked.layout(), precision);
            for (io.gradgen.plan.Method method : io.gradgen.plan.Method.values()) {
              if (method == io.gradgen.plan.Method.PREDICT && !graph.hasOutput()) {
                continue;
              }
              for (int budget : new int[] {16, 4, 1}) {
                for (int rows : new int[] {4, 2, 1}) {
                  List<io.gradgen.plan.MethodPlan> plans = new java.util.ArrayList<>();
                  if (method == io.gradgen.plan.Method.EPOCH) {
                    for (io.gradgen.runtime.train.OptimizerSpec.Kind kind : io.gradgen.runtime.train.OptimizerSpec.Kind.values()) {
                      for (boolean clipped : kind.closure() ? new boolean[0] : new boolean[] {false, true}) {
                        io.gradgen.plan.MethodPlan epoch = io.gradgen.plan.MethodPlan.epoch(graph, layout,
                            new io.gradgen.runtime.train.EpochShape(kind, clipped));
                        if (epoch.fitsEpoch() && budget == 16 && rows == 1) {
                          plans.add(epoch);
                        }
                      }
                    }
                  } else {
                    plans.add(io.gradgen.plan.MethodPlan.of(graph, layout, method, budget, rows));
                  }
                  for (io.gradgen.plan.MethodPlan plan : plans) {
                    for (boolean simd : new boolean[] {false, true}) {
                      long bound = TokenBound.of(plan, simd);
                      int written = JavaEmitter.tokens(plan, simd);
                      assertTrue(bound >= written, model + " " + method + " " + plan.epochShape() + " budget " + budget
                          + " rows " + rows + (simd ? " SIMD " : " ") + precision + ": bound " + bound + " < " + written
                          + " tokens");
                      methods++;
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    assertTrue(methods > 1000, methods + " methods");
  }

  private static ModelLayout withPrecision(ModelLayout base, Precision precision) {
    return new ModelLayout(base.modelName(), base.params(), base.data(), base.outputShape(), base.outputName(), precision);
  }

  private interface Emit {
    String source(Graph graph, ModelLayout layout);
  }

  /**
   * For every model in {@code folders}, in both precisions, the kernels {@code reference} and
   * {@code other} write give the same bits; the number of kernels whose sources differed.
   */
  private static int compareEveryModel(List<String> folders, Emit reference, Emit other) throws IOException {
    List<Path> models = new java.util.ArrayList<>();
    for (String folder : folders) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        files.filter(path -> path.toString().endsWith(".model")).forEach(models::add);
      }
    }
    models.sort(null);
    int differed = 0;
    for (Path model : models) {
      CheckedModel checked = Pipeline.check(model);
      Graph graph = Pipeline.gradientGraph(checked);
      for (Precision precision : Precision.values()) {
        ModelLayout base = checked.layout();
        ModelLayout layout = new ModelLayout(base.modelName(), base.params(), base.data(),
            base.outputShape(), base.outputName(), precision);
        String first = reference.source(graph, layout);
        String second = other.source(graph, layout);
        differed += first.equals(second) ? 0 : 1;
        String name = JavaEmitter.DEFAULT_PACKAGE + "." + JavaEmitter.className(layout.modelName());
        assertSameBits(JaninoLoader.load(name, first), JaninoLoader.load(name, second), model + " " + precision);
      }
    }
    return differed;
  }

  /**
   * Every loss and gradient element has the same bits, -0.0 and 0.0 told apart; NaNs count as equal
   * whatever their payload (a vector lane and a scalar instruction give NaNs of different signs, and
   * a NaN only ever means divergence).
   */
  private static void assertSameBits(Kernel one, Kernel blocked, String what) {
    Random random = new Random(what.hashCode());
    int rows = 23;
    int count = one.layout().parameterCount();
    double[] params = new double[count];
    for (int i = 0; i < count; i++) {
      params[i] = random.nextGaussian();
    }
    double[] data = new double[rows * one.layout().rowWidth()];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextDouble() * 2;
    }
    for (int[] range : new int[][] {{0, 23}, {1, 12}, {2, 5}, {3, 3}, {4, 8}}) {
      double[] gradientOne = new double[count];
      double[] gradientBlocked = new double[count];
      double lossOne;
      double lossBlocked;
      double sumOne;
      double sumBlocked;
      if (one instanceof DoubleKernel d1) {
        DoubleKernel d4 = (DoubleKernel) blocked;
        lossOne = d1.lossAndGradient(params, data, range[0], range[1], gradientOne);
        lossBlocked = d4.lossAndGradient(params, data, range[0], range[1], gradientBlocked);
        sumOne = d1.loss(params, data, range[0], range[1]);
        sumBlocked = d4.loss(params, data, range[0], range[1]);
      } else {
        float[] paramsF = new float[count];
        for (int i = 0; i < count; i++) {
          paramsF[i] = (float) params[i];
        }
        float[] dataF = new float[data.length];
        for (int i = 0; i < data.length; i++) {
          dataF[i] = (float) data[i];
        }
        FloatKernel f1 = (FloatKernel) one;
        FloatKernel f4 = (FloatKernel) blocked;
        lossOne = f1.lossAndGradient(paramsF, dataF, range[0], range[1], gradientOne);
        lossBlocked = f4.lossAndGradient(paramsF, dataF, range[0], range[1], gradientBlocked);
        sumOne = f1.loss(paramsF, dataF, range[0], range[1]);
        sumBlocked = f4.loss(paramsF, dataF, range[0], range[1]);
      }
      String where = what + " rows " + range[0] + ".." + range[1];
      assertEquals(Double.doubleToLongBits(lossOne), Double.doubleToLongBits(lossBlocked), where);
      assertEquals(Double.doubleToLongBits(sumOne), Double.doubleToLongBits(sumBlocked), where);
      for (int i = 0; i < count; i++) {
        assertEquals(
            Double.doubleToLongBits(gradientOne[i]),
            Double.doubleToLongBits(gradientBlocked[i]),
            where + " gradient " + i);
      }
    }
  }

  /**
   * Widened params and split sums change nothing between precisions: on values that are floats
   * already, the f32 kernel computes exactly what the f64 kernel does.
   */
  @Test
  void f32KernelEqualsF64KernelOnFloatValues() {
    CheckedModel checked = Pipeline.check(Path.of("src/test/resources/golden/WideF32.model"));
    DoubleKernel wide = (DoubleKernel) Gradgen.compile(checked, Precision.F64).kernel();
    FloatKernel narrow = (FloatKernel) Gradgen.compile(checked, Precision.F32).kernel();
    Random random = new Random(5);
    int rows = 3;
    int width = wide.layout().rowWidth();
    float[] dataF = new float[rows * width];
    double[] dataD = new double[rows * width];
    for (int i = 0; i < dataF.length; i++) {
      dataF[i] = (float) random.nextGaussian();
      dataD[i] = dataF[i];
    }
    int count = wide.layout().parameterCount();
    float[] paramsF = new float[count];
    double[] paramsD = new double[count];
    for (int i = 0; i < count; i++) {
      paramsF[i] = (float) random.nextGaussian();
      paramsD[i] = paramsF[i];
    }
    double[] gradientD = new double[count];
    double[] gradientF = new double[count];
    assertEquals(
        wide.lossAndGradient(paramsD, dataD, 0, rows, gradientD),
        narrow.lossAndGradient(paramsF, dataF, 0, rows, gradientF),
        0);
    assertArrayEquals(gradientD, gradientF, 0);
    assertEquals(wide.loss(paramsD, dataD, 1, rows), narrow.loss(paramsF, dataF, 1, rows), 0);
    double[] outD = new double[1];
    double[] outF = new double[1];
    wide.predict(paramsD, dataD, 2, outD);
    narrow.predict(paramsF, dataF, 2, outF);
    assertEquals(outD[0], outF[0], 0);
  }

  @Test
  void cubicGradientThroughJanino() {
    GraphBuilder b = new GraphBuilder();
    int a = b.param("a", Shape.SCALAR);
    int bb = b.param("b", Shape.SCALAR);
    int loss = b.sub(b.mul(b.mul(a, a), a), b.mul(bb, bb));
    Map<String, Shape> params = new LinkedHashMap<>();
    params.put("a", Shape.SCALAR);
    params.put("b", Shape.SCALAR);
    Graph graph = Optimize.apply(Differentiate.apply(b.build(loss, -1, Map.of()), params));
    ModelLayout layout = new LayoutBuilder("Cubic", Precision.F64)
        .param("a", new int[0], LayoutBuilder.fill(5))
        .param("b", new int[0], LayoutBuilder.fill(6))
        .build();
    String source = JavaEmitter.emit(graph, layout, JavaEmitter.DEFAULT_PACKAGE).toString();
    DoubleKernel kernel = (DoubleKernel) JaninoLoader.load("io.gradgen.generated.CubicKernel", source);
    double[] gradient = new double[2];
    double value = kernel.lossAndGradient(new double[] {5, 6}, new double[0], 0, 1, gradient);
    assertEquals(89, value, 0, source);
    assertEquals(75, gradient[0], 0, source);
    assertEquals(-12, gradient[1], 0, source);
  }

  @Test
  void linearModelWithMatrixProduct() {
    GraphBuilder b = new GraphBuilder();
    int w = b.param("w", Shape.matrix(2, 3));
    int bias = b.param("b", Shape.vector(2));
    int x = b.input("x", Shape.vector(3));
    int y = b.input("y", Shape.vector(2));
    int yhat = b.add(b.matmul(w, x), bias);
    int diff = b.sub(yhat, y);
    int loss = b.mul(b.sum(b.mul(diff, diff)), b.scalar(0.5));
    Map<String, Shape> params = new LinkedHashMap<>();
    params.put("w", Shape.matrix(2, 3));
    params.put("b", Shape.vector(2));
    Graph graph = Optimize.apply(Differentiate.apply(b.build(loss, yhat, Map.of()), params));
    ModelLayout layout = new LayoutBuilder("Lin", Precision.F64)
        .param("w", new int[] {2, 3}, LayoutBuilder.zeros())
        .param("b", new int[] {2}, LayoutBuilder.zeros())
        .input("x", new int[] {3}, new String[0])
        .target("y", new int[] {2}, new String[0])
        .output("yhat", new int[] {2})
        .build();
    String source = JavaEmitter.emit(graph, layout, JavaEmitter.DEFAULT_PACKAGE).toString();
    DoubleKernel kernel = (DoubleKernel) JaninoLoader.load("io.gradgen.generated.LinKernel", source);
    double[] p = {1, 2, 3, 4, 5, 6, 0.5, -0.5};
    double[] d = {1, 0, 2, 7, 30};
    double[] g = new double[8];
    // yhat = [1+6+0.5, 4+12-0.5] = [7.5, 15.5]; diff = [0.5, -14.5]
    double value = kernel.lossAndGradient(p, d, 0, 1, g);
    assertEquals(0.5 * (0.25 + 210.25), value, 1e-12, source);
    assertEquals(0.5, g[0], 1e-12);
    assertEquals(1.0, g[2], 1e-12);
    assertEquals(-14.5, g[3], 1e-12);
    assertEquals(-29.0, g[5], 1e-12);
    assertEquals(0.5, g[6], 1e-12);
    double[] out = new double[2];
    kernel.predict(p, d, 0, out);
    assertEquals(7.5, out[0], 1e-12);
    assertEquals(15.5, out[1], 1e-12);
  }
}
