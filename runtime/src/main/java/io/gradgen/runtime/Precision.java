package io.gradgen.runtime;

/** How parameters and data are stored: {@code double} or {@code float}. Batch sums are always double. */
public enum Precision {
  F64,
  F32;

  /** {@code f64} / {@code f32}, as a model file and the CLI write it. */
  public String keyword() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
