package io.gradgen.runtime.train;

import io.gradgen.runtime.Kernel;

/**
 * What a kernel objective can make of itself for {@link TieredObjective}: the same data, params and
 * arrangement computed by another kernel of the same model (its SIMD twin), and a private copy of
 * it over the original rows for a background thread to run without disturbing training.
 */
interface Twin {
  /** This objective's data, params and arrangement, computed by {@code kernel}. */
  Objective twin(Kernel kernel);

  /** {@code kernel} over this objective's original rows and a copy of its current params, shared with nothing. */
  Objective sandbox(Kernel kernel);
}
