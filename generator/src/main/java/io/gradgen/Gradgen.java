package io.gradgen;

import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.ir.Graph;
import io.gradgen.runtime.Kernel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.simd.Simd;
import io.gradgen.runtime.Precision;
import java.nio.file.Path;

/**
 * The one-call entry point: a {@code .model} file in, a compiled, differentiated kernel out.
 *
 * <pre>
 * CompiledModel cubic = Gradgen.compile(Path.of("cubic.model"));
 * double[] gradient = new double[2];
 * ((DoubleKernel) cubic.kernel()).lossAndGradient(new double[] {5, 6}, new double[0], 0, 1, gradient);
 * // gradient = [75.0, -12.0]
 * </pre>
 */
public final class Gradgen {
  private Gradgen() {}

  public static CompiledModel compile(Path model) {
    CheckedModel checked = Pipeline.check(model);
    return compile(checked, checked.training().precision());
  }

  /** Compiles for {@code precision}, whatever the model's train block says. */
  public static CompiledModel compile(CheckedModel checked, Precision precision) {
    return compile(checked, precision, AdjointRules.standard());
  }

  /**
   * Compiles with another derivative rule table. gradgen itself always uses {@link
   * AdjointRules#standard()}; this is the seam through which tests break one rule and watch the
   * gradient checks fail.
   */
  public static CompiledModel compile(CheckedModel checked, Precision precision, AdjointRules rules) {
    return compile(checked, precision, rules, Simd.enabled());
  }

  /**
   * Compiles with SIMD loops or without. The two kernels compute the same bits; the SIMD one
   * needs {@code --add-modules jdk.incubator.vector} and is what the other overloads give
   * wherever {@link Simd#enabled()}.
   */
  public static CompiledModel compile(CheckedModel checked, Precision precision, AdjointRules rules, boolean simd) {
    long start = System.nanoTime();
    ModelLayout layout = withPrecision(checked.layout(), precision);
    Graph graph = Pipeline.gradientGraph(checked, rules);
    String source = Pipeline.emitJava(Pipeline.plan(checked, graph, layout, simd), JavaEmitter.DEFAULT_PACKAGE)
        .toString();
    Kernel kernel = JaninoLoader.load(
        JavaEmitter.DEFAULT_PACKAGE + "." + JavaEmitter.className(layout.modelName()), source);
    return new CompiledModel(checked, layout, graph, source, kernel, (System.nanoTime() - start) / 1e9, simd);
  }

  static ModelLayout withPrecision(ModelLayout layout, Precision precision) {
    return new ModelLayout(layout.modelName(), layout.params(), layout.data(), layout.outputShape(),
        layout.outputName(), precision);
  }
}
