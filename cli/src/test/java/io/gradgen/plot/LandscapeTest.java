package io.gradgen.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LandscapeTest {

  private static ModelLayout layout(List<List<Integer>> shapes) {
    List<ParamSlot> params = new ArrayList<>();
    int offset = 0;
    for (int k = 0; k < shapes.size(); k++) {
      ParamSlot slot = new ParamSlot("p" + k, shapes.get(k), offset, null);
      params.add(slot);
      offset += slot.size();
    }
    return new ModelLayout("M", params, List.of(), null, null, Precision.F64);
  }

  @Test
  void twoScalarsGetTheirSurfaceChosenElementsTheirsAndAnyOtherModelARandomPlane() {
    ModelLayout two = layout(List.of(List.of(), List.of()));
    ParameterPath path = assertInstanceOf(ParameterPath.class, Landscape.of(two, null, new double[2]));
    assertEquals(List.of("p0", "p1"), List.of(path.firstName(), path.secondName()));

    ModelLayout net = layout(List.of(List.of(2, 3), List.of(3), List.of()));
    ParameterPath chosen = assertInstanceOf(ParameterPath.class,
        Landscape.of(net, PlotParams.parse("p2,p0[1,2]", net), new double[10]));
    assertEquals(List.of("p2", "p0[1,2]"), List.of(chosen.firstName(), chosen.secondName()));
    assertEquals(List.of(9, 5), List.of(chosen.firstOffset(), chosen.secondOffset()));

    assertInstanceOf(RandomPlane.class, Landscape.of(net, null, new double[10]));
    assertInstanceOf(RandomPlane.class, Landscape.of(layout(List.of(List.of(2))), null, new double[2]),
        "one vector of two: a plane, its directions scaled to the vector's norm");
    assertInstanceOf(RandomPlane.class, Landscape.of(layout(List.of(List.of(), List.of(), List.of())), null,
        new double[3]), "three scalars");
  }

  @Test
  void oneParamElementHasNoPlaneInIt() {
    assertNull(Landscape.of(layout(List.of(List.of())), null, new double[1]));
    assertNull(Landscape.of(layout(List.of(List.of(1, 1))), null, new double[1]));
    assertNull(Landscape.of(layout(List.of()), null, new double[0]));
  }
}
