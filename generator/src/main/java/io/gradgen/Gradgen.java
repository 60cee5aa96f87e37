package io.gradgen;

import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.ir.Graph;
import io.gradgen.plan.KernelPlan;
import io.gradgen.plan.MethodPlan;
import io.gradgen.plan.MethodTooLarge;
import io.gradgen.runtime.Kernel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.simd.Simd;
import io.gradgen.runtime.Precision;
import java.nio.file.Path;
import java.util.function.Supplier;

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
    return compile(checked, precision, rules, simd, null);
  }

  /**
   * Compiles with a Hessian-vector product ({@code lossGradientAndHessianVector}, {@link
   * io.gradgen.runtime.DoubleKernel#hasHessianVectorProducts()} true), f64 or f32, SIMD where
   * {@link Simd#enabled()}: what the {@code newton} optimizer, {@code gradgen hessian} and {@code
   * check --hessian} ask for. A model compiled otherwise has no such method and compiles as fast as
   * before.
   *
   * <pre>
   * CompiledModel model = Gradgen.compileWithHessian(checked, Precision.F64);
   * Objective objective = model.objective(data);
   * objective.setParameters(theta);
   * double loss = objective.lossGradientAndHessianVector(0, objective.rows(), v, gradient, hv);
   * </pre>
   */
  public static CompiledModel compileWithHessian(CheckedModel checked, Precision precision) {
    return compile(checked, precision, AdjointRules.standard(), Simd.enabled(), AdjointRules.standard());
  }

  /**
   * Compiles with the gradient differentiated by {@code rules} and, where {@code hessianRules} is
   * not null, a Hessian-vector product whose second derivative is taken with {@code hessianRules}
   * (null: none): the seam through which tests break one second-order rule alone.
   */
  public static CompiledModel compile(CheckedModel checked, Precision precision, AdjointRules rules, boolean simd,
      AdjointRules hessianRules) {
    long start = System.nanoTime();
    ModelLayout layout = withPrecision(checked.layout(), precision);
    Graph graph = Pipeline.gradientGraph(checked, rules);
    Graph hessian = hessianRules == null ? null : Pipeline.hessianVectorGraph(checked, graph, hessianRules);
    String source = Pipeline.emitJava(checked, Pipeline.plan(checked, graph, layout, simd), hessian,
        JavaEmitter.DEFAULT_PACKAGE).toString();
    Kernel kernel = load(checked, JavaEmitter.DEFAULT_PACKAGE + "." + JavaEmitter.className(layout.modelName()), source);
    return new CompiledModel(checked, layout, graph, source, kernel, (System.nanoTime() - start) / 1e9, simd);
  }

  /**
   * Compiles for a run that starts at once and ends at full speed: the scalar kernel now, and,
   * where {@link Simd#enabled()} and SIMD loops would change the code, the SIMD kernel later, in
   * the background, when training first asks; the objective hands over to it once the JIT has
   * compiled it ({@link io.gradgen.runtime.train.TieredObjective}). The bits are the same whichever
   * kernel computes a step. This is what {@code gradgen train} runs.
   */
  public static CompiledModel compileTiered(CheckedModel checked, Precision precision) {
    return compileTiered(checked, precision, false);
  }

  /**
   * As {@link #compileTiered(CheckedModel, Precision)}, both kernels with a Hessian-vector product
   * where {@code hessianVectorProducts} (see {@link #compileWithHessian}).
   */
  public static CompiledModel compileTiered(CheckedModel checked, Precision precision, boolean hessianVectorProducts) {
    long start = System.nanoTime();
    ModelLayout layout = withPrecision(checked.layout(), precision);
    Graph graph = Pipeline.gradientGraph(checked, AdjointRules.standard());
    Graph hessian = hessianVectorProducts ? Pipeline.hessianVectorGraph(checked, graph, AdjointRules.standard()) : null;
    KernelPlan plan = Pipeline.plan(checked, graph, layout, false);
    String source = Pipeline.emitJava(checked, plan, hessian, JavaEmitter.DEFAULT_PACKAGE).toString();
    String className = JavaEmitter.DEFAULT_PACKAGE + "." + JavaEmitter.className(layout.modelName());
    Kernel kernel = load(checked, className, source);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!Simd.enabled() || !hasRolledLoops(plan)) {
      // Without a rolled loop the SIMD kernel is this one: SIMD is on if the JVM allows it.
      return new CompiledModel(checked, layout, graph, source, kernel, seconds, Simd.enabled());
    }
    Supplier<Kernel> simd = new Supplier<>() {
      private Kernel simdKernel;

      @Override
      public synchronized Kernel get() {
        if (simdKernel == null) {
          String simdSource = Pipeline.emitJava(checked, Pipeline.plan(checked, graph, layout, true), hessian,
              JavaEmitter.DEFAULT_PACKAGE).toString();
          simdKernel = simdSource.equals(source) ? kernel : JaninoLoader.load(className, simdSource);
        }
        return simdKernel;
      }
    };
    return new CompiledModel(checked, layout, graph, source, kernel, seconds, true, simd);
  }

  /** JaninoLoader.load, with a method too large for the JVM an error at the model's loss. */
  private static Kernel load(CheckedModel checked, String className, String source) {
    try {
      return JaninoLoader.load(className, source);
    } catch (MethodTooLarge e) {
      throw Pipeline.tooLarge(checked, e);
    }
  }

  /** Whether the plan has a rolled loop, where SIMD code can go: a model all in locals has none. */
  private static boolean hasRolledLoops(KernelPlan plan) {
    for (MethodPlan method : plan.methods()) {
      if (!method.rolledSinks().isEmpty()) {
        return true;
      }
      for (int id = 0; id < plan.graph().size(); id++) {
        if (method.storage().live(id) && !method.storage().unrolled(id)) {
          return true;
        }
      }
    }
    return false;
  }

  static ModelLayout withPrecision(ModelLayout layout, Precision precision) {
    return layout.withPrecision(precision);
  }
}
