package io.gradgen.runtime.train;

import java.util.ArrayList;
import java.util.List;

/** An {@link Objective} that remembers the row ranges it was asked for gradients over. */
final class Recording extends ForwardingObjective {
  final List<int[]> gradientCalls = new ArrayList<>();

  Recording(Objective inner) {
    super(inner);
  }

  @Override
  public double lossAndGradient(int from, int to, double[] gradient) {
    gradientCalls.add(new int[] {from, to});
    return inner.lossAndGradient(from, to, gradient);
  }
}
