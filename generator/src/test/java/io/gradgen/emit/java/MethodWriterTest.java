package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.JaninoLoader;
import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Origin;
import io.gradgen.ir.Shape;
import io.gradgen.plan.KernelPlan;
import io.gradgen.plan.MethodSizer;
import io.gradgen.plan.Planner;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodWriterTest {
  private static final Origin SQUARE = new Origin("a * a", 2, 6, false);
  private static final Origin LOSS = new Origin("loss a * a + 3", 2, 1, false);

  /** {@code loss a * a + 3}, its nodes placed in the model by hand. */
  private static Graph graph() {
    GraphBuilder b = new GraphBuilder();
    b.at(new Origin("param a = 5", 1, 1, false));
    int a = b.param("a", Shape.SCALAR);
    b.name(a, "a");
    b.at(SQUARE);
    int square = b.mul(a, a);
    b.at(LOSS);
    int loss = b.add(square, b.scalar(3));
    b.name(loss, "loss");
    b.at(SQUARE.backward());
    int gradient = b.add(a, a);
    b.name(gradient, "d_a");
    return b.build(loss, -1, Map.of("a", gradient));
  }

  private static final ModelLayout LAYOUT = new LayoutBuilder("M", Precision.F64)
      .param("a", new int[0], LayoutBuilder.fill(5))
      .build();

  @Test
  void eachBlockOfCodeQuotesTheModelOnceAndLiteralsNone() {
    String source = JavaEmitter.emit(plan(), JavaEmitter.DEFAULT_PACKAGE).toString();
    String train = source.substring(source.indexOf("lossAndGradient("), source.indexOf("public double loss("));
    assertEquals(1, count(train, "// param a = 5  (1:1)"), train);
    assertEquals(1, count(train, "// a * a  (2:6)"), train);
    assertEquals(1, count(train, "// loss a * a + 3  (2:1)"), train);
    assertEquals(1, count(train, "// grad of a * a  (2:6)"), train);
    assertTrue(train.indexOf("// a * a") < train.indexOf("double v1 = (a * a);"), train);
    assertTrue(train.contains("double loss = (v1 + 3.0);"), "named after the model's loss:\n" + train);
    assertTrue(train.contains("double d_a = (a + a);"), train);
  }

  @Test
  void sizingWritesNoComments() {
    KernelPlan plan = plan();
    String sized = MethodWriter.write(plan.lossAndGradient(), new JavaNames(plan.graph(), LAYOUT), new ClassFields(),
        false, false).toString();
    assertFalse(sized.contains("//"), sized);
  }

  @Test
  void withoutDataTheOneRowIsComputedOnceAndAnEmptyRangeIsNothing() {
    String source = JavaEmitter.emit(plan(), JavaEmitter.DEFAULT_PACKAGE).toString();
    assertFalse(source.contains("for (int row"), "no row loop:\n" + source);
    assertFalse(source.contains("int r ="), source);
    DoubleKernel kernel = (DoubleKernel) JaninoLoader.load(JavaEmitter.DEFAULT_PACKAGE + ".MKernel", source);
    double[] gradient = {7};
    assertEquals(0.0, kernel.lossAndGradient(new double[] {5}, new double[0], 0, 0, gradient));
    assertEquals(7, gradient[0], "an empty range adds nothing");
    assertEquals(28.0, kernel.lossAndGradient(new double[] {5}, new double[0], 0, 1, gradient));
    assertEquals(17, gradient[0]);
    assertEquals(28.0, kernel.loss(new double[] {5}, new double[0], 0, 1));
  }

  private static KernelPlan plan() {
    return Planner.plan(graph(), LAYOUT, JavaEmitter.DEFAULT_EPOCH, false, MethodSizer.ANY);
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
