package io.gradgen;

import com.palantir.javapoet.JavaFile;
import io.gradgen.autodiff.AdjointRules;
import io.gradgen.autodiff.Differentiate;
import io.gradgen.autodiff.HessianVector;
import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.ir.Graph;
import io.gradgen.optimize.Optimize;
import io.gradgen.plan.KernelPlan;
import io.gradgen.plan.Method;
import io.gradgen.plan.MethodPlan;
import io.gradgen.plan.MethodTooLarge;
import io.gradgen.plan.PlanPrinter;
import io.gradgen.plan.Planner;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelPrinter;
import io.gradgen.parse.ModelReader;
import io.gradgen.parse.SourcePosition;
import io.gradgen.parse.ast.ModelFile;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.EpochShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * gradgen's passes, in order; each a pure function from one form to the next.
 *
 * <pre>
 * .model text ─ parse ─► AST ─ check ─► forward IR ─ differentiate ─► forward + backward IR
 *             ─ optimize ─► simplified IR ─ plan ─► kernel plan ─ emit ─► Java source
 * </pre>
 *
 * {@link #dump} prints the form after any pass but the last, as {@code --dump-after} shows it.
 */
public final class Pipeline {
  private Pipeline() {}

  /** The passes after which {@code --dump-after} can stop, in pipeline order. */
  public enum Pass {
    PARSE,
    CHECK,
    DIFFERENTIATE,
    OPTIMIZE,
    PLAN;

    /** The name on the command line: {@code parse}, {@code check} … */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Pass> named(String label) {
      for (Pass pass : values()) {
        if (pass.label().equals(label)) {
          return Optional.of(pass);
        }
      }
      return Optional.empty();
    }
  }

  public static ModelFile parse(Path file) {
    return ModelReader.read(file);
  }

  public static CheckedModel check(ModelFile file, Path source) {
    return Checker.check(file, source);
  }

  public static Graph differentiate(CheckedModel model) {
    return differentiate(model, AdjointRules.standard());
  }

  /** differentiate with another rule table: for tests that the gradient checks catch a wrong rule. */
  public static Graph differentiate(CheckedModel model, AdjointRules rules) {
    return Differentiate.apply(model.forward(), model.params(), rules);
  }

  public static Graph optimize(Graph graph) {
    return Optimize.apply(graph);
  }

  /**
   * The kernel plan for the Java backend, built once: each method's storage and loop decisions,
   * sized to HotSpot's limit on a method ({@link JavaEmitter#sizer}). {@code simd}: for the kernel
   * whose long loops are written with the Vector API.
   */
  public static KernelPlan plan(Graph graph, ModelLayout layout, EpochShape epoch, boolean simd) {
    return Planner.plan(graph, layout, epoch, simd, JavaEmitter.sizer(simd));
  }

  /**
   * plan, for the training the model's {@code train} block describes, with the model's metrics:
   * each metric's graph optimized and planned as a scalar method of its own.
   */
  public static KernelPlan plan(CheckedModel model, Graph graph, ModelLayout layout, boolean simd) {
    try {
      return plan(graph, layout, EpochShape.of(model.training()), simd)
          .withMetrics(Planner.metrics(metricGraphs(model), layout, JavaEmitter.sizer(false)));
    } catch (MethodTooLarge e) {
      throw tooLarge(model, e);
    }
  }

  /** {@code e} as a {@link ModelException} at the loss of {@code model}. */
  static ModelException tooLarge(CheckedModel model, MethodTooLarge e) {
    return errorAtLoss(model, "the model is too large to compile to Java: " + e.getMessage()
        + "; sum a vector instead of writing each term, or use --backend interpreted");
  }

  /** A {@link ModelException} saying {@code message} at the loss of {@code model}. */
  public static ModelException errorAtLoss(CheckedModel model, String message) {
    String file = model.source().toString();
    SourcePosition at = model.forward().provenance().origin(model.forward().loss())
        .map(origin -> new SourcePosition(file, origin.line(), origin.column()))
        .orElse(SourcePosition.of(file));
    return new ModelException(at, message);
  }

  public static JavaFile emitJava(KernelPlan plan, String packageName) {
    return JavaEmitter.emit(plan, packageName);
  }

  /**
   * The Hessian-vector product's graph ({@link HessianVector}: the gradient graph differentiated
   * again, with {@code rules}), optimized. Its loss and gradient nodes are {@code gradientGraph}'s.
   */
  public static Graph hessianVectorGraph(CheckedModel model, Graph gradientGraph, AdjointRules rules) {
    return optimize(HessianVector.apply(gradientGraph, model.params(), rules));
  }

  /**
   * The plan of the Hessian-vector method of {@code model}'s kernel in {@code layout} (the model's,
   * in its precision), for the graph {@link #hessianVectorGraph} gives, on the planner's ladder.
   */
  public static MethodPlan planHessianVector(CheckedModel model, Graph hessianVectorGraph, ModelLayout layout,
      boolean simd) {
    try {
      return Planner.method(hessianVectorGraph, HessianVector.layout(layout), Method.LOSS_AND_GRADIENT,
          JavaEmitter.sizer(simd));
    } catch (MethodTooLarge e) {
      throw tooLarge(model, e);
    }
  }

  /**
   * The Java source of {@code model}'s kernel for {@code plan}, with a Hessian-vector product
   * method when {@code hessianVectorGraph} is not null (see {@link #hessianVectorGraph}): what
   * {@link Gradgen} compiles when second order is asked for. Without it, the source is {@link
   * #emitJava(KernelPlan, String)}'s, to the character.
   */
  public static JavaFile emitJava(CheckedModel model, KernelPlan plan, Graph hessianVectorGraph, String packageName) {
    if (hessianVectorGraph == null) {
      return emitJava(plan, packageName);
    }
    return JavaEmitter.emit(plan, planHessianVector(model, hessianVectorGraph, plan.layout(), plan.simd()),
        packageName);
  }

  /**
   * Every pass after check: the kernel of {@code model} in {@code precision}, its epoch method for
   * the training its {@code train} block describes, with SIMD loops where {@code simd}. This is
   * what {@code gradgen generate} writes and {@link Gradgen#compile} compiles.
   */
  public static JavaFile emitJava(CheckedModel model, Precision precision, String packageName, boolean simd) {
    return emitJava(model, precision, packageName, simd, false);
  }

  /**
   * As {@link #emitJava(CheckedModel, Precision, String, boolean)}, with the Hessian-vector
   * product method ({@code lossGradientAndHessianVector}) where {@code hessianVectorProducts}.
   */
  public static JavaFile emitJava(CheckedModel model, Precision precision, String packageName, boolean simd,
      boolean hessianVectorProducts) {
    ModelLayout layout = Gradgen.withPrecision(model.layout(), precision);
    Graph gradient = gradientGraph(model);
    Graph hessian = hessianVectorProducts ? hessianVectorGraph(model, gradient, AdjointRules.standard()) : null;
    return emitJava(model, plan(model, gradient, layout, simd), hessian, packageName);
  }

  /** plan and emitJava, scalar, for the default training settings (see {@link JavaEmitter#emit(Graph, ModelLayout, String)}). */
  public static JavaFile emitJava(Graph graph, ModelLayout layout, String packageName) {
    return JavaEmitter.emit(graph, layout, packageName);
  }

  /** plan and emitJava for the default training settings, with SIMD loops where {@code simd}. */
  public static JavaFile emitJava(Graph graph, ModelLayout layout, String packageName, boolean simd) {
    return JavaEmitter.emit(graph, layout, packageName, simd);
  }

  /** parse and check. */
  public static CheckedModel check(Path file) {
    return check(parse(file), file);
  }

  /** The model's metrics' graphs, optimized (never differentiated), in declaration order. */
  public static List<Graph> metricGraphs(CheckedModel model) {
    List<Graph> graphs = new ArrayList<>();
    for (Graph metric : model.metrics().values()) {
      graphs.add(optimize(metric));
    }
    return graphs;
  }

  /** differentiate and optimize. */
  public static Graph gradientGraph(CheckedModel model) {
    return gradientGraph(model, AdjointRules.standard());
  }

  /** differentiate with {@code rules}, and optimize. */
  public static Graph gradientGraph(CheckedModel model, AdjointRules rules) {
    return optimize(differentiate(model, rules));
  }

  /**
   * Runs the passes up to and including {@code after} on {@code file} and returns that form as
   * text (the formats are in {@code docs/CLI.md}): the AST as model text, the IR one node a line,
   * or the kernel plan. {@code simd}: plan for the SIMD kernel.
   */
  public static String dump(Path file, Pass after, boolean simd) {
    ModelFile ast = parse(file);
    if (after == Pass.PARSE) {
      return ModelPrinter.print(ast);
    }
    CheckedModel checked = check(ast, file);
    if (after == Pass.CHECK) {
      // The metrics' roots are nodes of the forward graph (each metric's graph is over its nodes).
      StringBuilder text = new StringBuilder(checked.forward().dump());
      checked.metrics().forEach((name, metric) -> text.append("metric ").append(name).append(" = %")
          .append(metric.loss()).append('\n'));
      return text.toString();
    }
    Graph differentiated = differentiate(checked);
    if (after == Pass.DIFFERENTIATE) {
      return differentiated.dump();
    }
    Graph optimized = optimize(differentiated);
    if (after == Pass.OPTIMIZE) {
      return optimized.dump();
    }
    return PlanPrinter.print(plan(checked, optimized, checked.layout(), simd));
  }
}
