package io.gradgen;

import com.palantir.javapoet.JavaFile;
import io.gradgen.autodiff.AdjointRules;
import io.gradgen.autodiff.Differentiate;
import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.emit.java.JavaEmitter;
import io.gradgen.ir.Graph;
import io.gradgen.optimize.Optimize;
import io.gradgen.parse.ModelReader;
import io.gradgen.parse.ast.ModelFile;
import io.gradgen.runtime.ModelLayout;
import java.nio.file.Path;

/**
 * gradgen's passes, in order; each a pure function from one form to the next.
 *
 * <pre>
 * .model text ─ parse ─► AST ─ check ─► forward IR ─ differentiate ─► forward + backward IR
 *             ─ optimize ─► simplified IR ─ emit ─► Java source
 * </pre>
 */
public final class Pipeline {
  private Pipeline() {}

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

  public static JavaFile emitJava(Graph graph, ModelLayout layout, String packageName) {
    return JavaEmitter.emit(graph, layout, packageName);
  }

  /** emitJava, with SIMD loops (the Vector API) where {@code simd}. */
  public static JavaFile emitJava(Graph graph, ModelLayout layout, String packageName, boolean simd) {
    return JavaEmitter.emit(graph, layout, packageName, simd);
  }

  /** parse and check. */
  public static CheckedModel check(Path file) {
    return check(parse(file), file);
  }

  /** differentiate and optimize. */
  public static Graph gradientGraph(CheckedModel model) {
    return gradientGraph(model, AdjointRules.standard());
  }

  /** differentiate with {@code rules}, and optimize. */
  public static Graph gradientGraph(CheckedModel model, AdjointRules rules) {
    return optimize(differentiate(model, rules));
  }
}
