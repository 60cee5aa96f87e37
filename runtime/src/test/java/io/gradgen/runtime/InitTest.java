package io.gradgen.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * torch.nn.init's initialisers as bounds and deviations. The expected numbers are what PyTorch
 * 1.13 computes for the same shapes (printed by {@code torch.nn.init}'s own formulas in Python,
 * {@code math.sqrt} rounding as Java's does), compared to the last bit.
 */
class InitTest {

  @Test
  void fansAreTorchsForAMatrix() {
    // torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(16, 4)) == (4, 16)
    assertArrayEquals(new int[] {4, 16}, Init.fans(List.of(16, 4)));
    assertArrayEquals(new int[] {1, 1}, Init.fans(List.of(1, 1)));
  }

  @Test
  void fewerThanTwoDimensionsHaveNoFans() {
    assertThrows(IllegalArgumentException.class, () -> Init.fans(List.of(3)));
    assertThrows(IllegalArgumentException.class, () -> Init.fans(List.of()));
  }

  @Test
  void kaimingUniformIsNnLinearsDefaultBound() {
    // w = torch.empty(16, 4); bound of nn.init.kaiming_uniform_(w, a=math.sqrt(5)):
    // gain = math.sqrt(2.0 / (1 + 5.000000000000001)); std = gain / math.sqrt(4); math.sqrt(3.0) * std
    Init.Uniform init = Init.kaimingUniform(List.of(16, 4), 7L);
    assertEquals(0.49999999999999994, init.hi(), 0.0);
    assertEquals(-0.49999999999999994, init.lo(), 0.0);
    assertEquals(7L, init.seed());
    // the same bound as nn.Linear's bias default 1/sqrt(fan_in), up to rounding, for fan_in 3
    assertEquals(0.5773502691896257, Init.kaimingUniform(List.of(2, 3), null).hi(), 0.0);
    assertEquals(null, Init.kaimingUniform(List.of(2, 3), null).seed());
    assertEquals(0.9999999999999999, Init.kaimingUniform(List.of(1, 1), 1L).hi(), 0.0);
  }

  @Test
  void xavierUniformAndNormalUseFanInPlusFanOut() {
    // a = gain * math.sqrt(2.0 / float(4 + 16)) * math.sqrt(3.0); std without the sqrt(3)
    assertEquals(0.5477225575051661, Init.xavierUniform(List.of(16, 4), 1.0, 1L).hi(), 0.0);
    assertEquals(-0.5477225575051661, Init.xavierUniform(List.of(16, 4), 1.0, 1L).lo(), 0.0);
    assertEquals(0.31622776601683794, Init.xavierNormal(List.of(16, 4), 1.0, 1L).std(), 0.0);
    assertEquals(0.9486832980505138, Init.xavierNormal(List.of(16, 4), 3.0, null).std(), 0.0);
    assertEquals(1.0954451150103321, Init.xavierUniform(List.of(16, 4), 2.0, 1L).hi(), 0.0);
  }
}
