package io.gradgen.runtime;

/**
 * A compiled model, generated or interpreted. See {@link DoubleKernel} and {@link FloatKernel} for
 * the two precisions; both describe themselves with a {@link ModelLayout}.
 */
public interface Kernel {
  ModelLayout layout();
}
