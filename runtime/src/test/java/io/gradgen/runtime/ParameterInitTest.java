package io.gradgen.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParameterInitTest {

  private static ModelLayout layout(ParamSlot... params) {
    return new ModelLayout("M", List.of(params), List.of(), null, null, Precision.F64);
  }

  @Test
  void constantsAndLiterals() {
    ModelLayout layout =
        layout(
            new ParamSlot("z", List.of(2), 0, new Init.Zeros()),
            new ParamSlot("f", List.of(), 2, new Init.Fill(0.5)),
            new ParamSlot("v", List.of(2, 2), 3, Init.Values.of(1, 2, 3, 4)),
            new ParamSlot("d", List.of(), 7, null));
    assertArrayEquals(new double[] {0, 0, 0.5, 1, 2, 3, 4, 0}, ParameterInit.initialize(layout, 0));
  }

  @Test
  void randnWithItsOwnSeed() {
    ModelLayout layout = layout(new ParamSlot("w", List.of(2), 0, new Init.Randn(42L, 2)));
    // new Random(42).nextGaussian() is 1.1419053154730547, then 0.9194079489827879
    assertArrayEquals(
        new double[] {2 * 1.1419053154730547, 2 * 0.9194079489827879}, ParameterInit.initialize(layout, 0));
  }

  @Test
  void uniformWithItsOwnSeed() {
    ModelLayout layout = layout(new ParamSlot("u", List.of(2), 0, new Init.Uniform(-1, 3, 7L)));
    // new Random(7).nextDouble() is 0.7306990420600421, then 0.7491696031336331
    assertArrayEquals(
        new double[] {-1 + 4 * 0.7306990420600421, -1 + 4 * 0.7491696031336331},
        ParameterInit.initialize(layout, 0));
  }

  @Test
  void unseededParamsDrawFromTheRunSeedInDeclarationOrder() {
    ModelLayout layout =
        layout(
            new ParamSlot("a", List.of(), 0, new Init.Randn(null, 1)),
            new ParamSlot("s", List.of(), 1, new Init.Randn(5L, 1)),
            new ParamSlot("b", List.of(), 2, new Init.Uniform(0, 1, null)));
    Random run = new Random(9);
    double a = run.nextGaussian();
    double b = run.nextDouble();
    double s = new Random(5).nextGaussian();
    assertArrayEquals(new double[] {a, s, b}, ParameterInit.initialize(layout, 9));
  }

  @Test
  void literalOfTheWrongSize() {
    ModelLayout layout = layout(new ParamSlot("v", List.of(3), 0, Init.Values.of(1, 2)));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ParameterInit.initialize(layout, 0));
    assertEquals("param v[3] has 3 elements but its initial value has 2", error.getMessage());
  }

  /**
   * torch.nn.init's initialisers draw from gradgen's own generators: the distribution is torch's
   * (here: 4,096 draws within the bound, with the variance bound²/3 of a uniform, or the normal's
   * deviation, to a few per cent), the values are not.
   */
  @Test
  void torchsInitialisersDrawTheirDistributionFromTheParamsOwnSeed() {
    List<Integer> shape = List.of(64, 64);
    Init.Uniform kaiming = Init.kaimingUniform(shape, 3L);
    Init.Randn xavier = Init.xavierNormal(shape, 1.0, 4L);
    ModelLayout layout = layout(new ParamSlot("k", shape, 0, kaiming), new ParamSlot("x", shape, 4096, xavier));
    double[] values = ParameterInit.initialize(layout, 0);
    double bound = kaiming.hi();
    double kaimingSquares = 0;
    double xavierSquares = 0;
    for (int i = 0; i < 4096; i++) {
      assertTrue(values[i] >= -bound && values[i] < bound, "draw " + i);
      kaimingSquares += values[i] * values[i];
      xavierSquares += values[4096 + i] * values[4096 + i];
    }
    assertEquals(bound * bound / 3, kaimingSquares / 4096, 0.05 * bound * bound / 3);
    assertEquals(xavier.std(), Math.sqrt(xavierSquares / 4096), 0.03 * xavier.std());
    // a uniform of seed 3 with the same bounds: the same values
    ModelLayout same = layout(new ParamSlot("u", shape, 0, new Init.Uniform(-bound, bound, 3L)));
    assertArrayEquals(java.util.Arrays.copyOf(values, 4096), ParameterInit.initialize(same, 0));
  }
}
