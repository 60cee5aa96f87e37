package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaNamesTest {
  private final GraphBuilder builder = new GraphBuilder();
  private final int w = named(builder.param("w", Shape.matrix(2, 3)), "w");
  private final int v = named(builder.param("v", Shape.vector(3)), "v");
  private final int p = named(builder.param("p", Shape.SCALAR), "p");
  private final int keyword = named(builder.param("class", Shape.SCALAR), "class");
  private final int unnamed = builder.mul(builder.sum(w), p);
  private final int constant = builder.constant(Shape.vector(2), 1, 2);
  private final int loss = named(builder.add(unnamed, builder.add(keyword, builder.sum(v))), "loss");
  private final Graph graph = builder.build(loss, -1, Map.of());
  private final ModelLayout layout = new LayoutBuilder("M", Precision.F64)
      .param("w", new int[] {2, 3}, LayoutBuilder.zeros())
      .param("v", new int[] {3}, LayoutBuilder.zeros())
      .build();
  private final JavaNames names = new JavaNames(graph, layout);

  private int named(int id, String name) {
    builder.name(id, name);
    return id;
  }

  @Test
  void valuesAreNamedAfterTheModelsNames() {
    assertEquals("loss", names.value(loss, 0));
    assertEquals("w_1_2", names.element(w, 5, 0));
    assertEquals("v_2", names.element(v, 2, 0));
    assertEquals("v" + unnamed, names.value(unnamed, 0), "the rest by node id");
    assertEquals("c" + constant, names.constant(constant));
  }

  @Test
  void aModelNameThatIsTakenOrAKeywordGetsAnUnderscore() {
    assertEquals("p", names.param(), "the params array keeps its name");
    assertEquals("p_", names.value(p, 0));
    assertEquals("class_", names.value(keyword, 0));
  }

  @Test
  void rowsOfABlockGetTheirOwnCopies() {
    assertEquals("v_2_r1", names.element(v, 2, 1));
    assertEquals("r_r3", names.rowOffset(3));
    assertEquals("r", names.rowOffset(0));
    assertNotEquals(names.partialSum(unnamed, 0, 0), names.partialSum(unnamed, 0, 1));
  }

  @Test
  void oneKeyOneNameAndNoTwoKeysShareOne() {
    assertEquals(names.scratch(w), names.scratch(w));
    assertNotEquals(names.scratch(w), names.element(w, 0, 0));
    assertNotEquals(names.value(unnamed, 0), names.scratch(unnamed), "a local and an array of one value");
  }

  @Test
  void gradientSumsAndEpochLocalsAreNamedAfterTheParamElement() {
    assertEquals("sum_d_w_0_1", names.accumulator(layout.params().get(0), 1));
    assertEquals("cur_v_0", names.currentParam(6));
    assertEquals("next_w_1_0", names.stepParam(3));
    assertEquals("grad_v_2", names.stepGradient(8));
  }

  @Test
  void classNamesAreJavaIdentifiers() {
    assertEquals("CropYieldKernel", JavaNames.className("CropYield"));
    assertEquals("ClassKernel", JavaNames.className("class"));
  }
}
