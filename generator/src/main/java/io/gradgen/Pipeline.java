package io.gradgen;

import com.palantir.javapoet.JavaFile;
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
    return Differentiate.apply(model.forward(), model.params());
  }

  public static Graph optimize(Graph graph) {
    return Optimize.apply(graph);
  }

  public static JavaFile emitJava(Graph graph, ModelLayout layout, String packageName) {
    return JavaEmitter.emit(graph, layout, packageName);
  }

  /** parse and check. */
  public static CheckedModel check(Path file) {
    return check(parse(file), file);
  }

  /** differentiate and optimize. */
  public static Graph gradientGraph(CheckedModel model) {
    return optimize(differentiate(model));
  }
}
