package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlotParamsTest {
  /** param w[2,3], param v[4], param b. */
  private static final ModelLayout LAYOUT = new ModelLayout("M", List.of(new ParamSlot("w", List.of(2, 3), 0, null),
      new ParamSlot("v", List.of(4), 6, null), new ParamSlot("b", List.of(), 10, null)), List.of(), null, null,
      Precision.F64);

  @Test
  void scalarsAndElementsAreNamedAsHessianNamesThem() {
    assertEquals(new PlotParams("w[1,2]", 5, "b", 10), PlotParams.parse("w[1,2],b", LAYOUT));
    assertEquals(new PlotParams("v[3]", 9, "w[0,1]", 1), PlotParams.parse("v[3], w[0, 1]", LAYOUT));
    assertEquals(new PlotParams("w[0,0]", 0, "v[0]", 6), PlotParams.parse("w[0,0],v[0]", LAYOUT));
  }

  private static String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> PlotParams.parse(text, LAYOUT)).getMessage();
  }

  @Test
  void everyBadNameIsRefusedWithWhatIsWrong() {
    assertEquals("--plot-params b: name two params or elements, as a,b or w[0,1],b", refusal("b"));
    assertEquals("--plot-params b,v[0],w[0,0]: name two params or elements, as a,b or w[0,1],b",
        refusal("b,v[0],w[0,0]"));
    assertEquals("--plot-params b,q: model M has no param q (its params: w, v, b)", refusal("b,q"));
    assertEquals("--plot-params w,b: w has shape [2,3]: name one element, as w[0,0]", refusal("w,b"));
    assertEquals("--plot-params w[2,0],b: w[2,0] is out of range: w has shape [2,3] (indices from 0)",
        refusal("w[2,0],b"));
    assertEquals("--plot-params v[-1],b: v[-1] is out of range: v has shape [4] (indices from 0)", refusal("v[-1],b"));
    assertEquals("--plot-params w[1],b: w[1] has 1 index, and w of shape [2,3] takes 2", refusal("w[1],b"));
    assertEquals("--plot-params b[0],v[1]: b is a scalar: name it without an index, as b", refusal("b[0],v[1]"));
    assertEquals("--plot-params v[x],b: 'v[x]': an index is a whole number from 0, not 'x'", refusal("v[x],b"));
    assertEquals("--plot-params b,v[1: 'v[1' is not an element name, such as v[0]", refusal("b,v[1"));
    assertEquals("--plot-params w[0,1],w[0, 1]: w[0,1] and w[0,1] are the same element; name two different ones",
        refusal("w[0,1],w[0, 1]"));
    assertEquals("--plot-params b,b: b and b are the same element; name two different ones", refusal("b,b"));
    assertEquals("--plot-params ,b: model M has no param named '' (its params: w, v, b)", refusal(",b"));
  }
}
