package io.gradgen.emit.java;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fields a kernel class needs, as its methods' writers find them: scratch arrays for large
 * values (sized for the largest block of rows any method writes), constant arrays read by rolled
 * loops, the f32 kernels' widened params, and the Vector API species the SIMD code reads. Shared by
 * the methods of one class; a method being sized gets a throwaway one.
 */
final class ClassFields {
  private final SortedMap<Integer, Integer> scratch = new TreeMap<>();
  private final SortedMap<Integer, double[]> constants = new TreeMap<>();
  private int widenedParams;
  private boolean doubleSpecies;
  private boolean floatSpecies;

  /** Value {@code id} needs a scratch array of at least {@code size} doubles. */
  void scratch(int id, int size) {
    scratch.merge(id, size, Math::max);
  }

  void constant(int id, double[] values) {
    constants.putIfAbsent(id, values);
  }

  /** The f32 params, {@code count} of them, are widened into a double array. */
  void widenedParams(int count) {
    widenedParams = Math.max(widenedParams, count);
  }

  void useDoubleSpecies() {
    doubleSpecies = true;
  }

  void useFloatSpecies() {
    floatSpecies = true;
  }

  SortedMap<Integer, Integer> scratch() {
    return Collections.unmodifiableSortedMap(scratch);
  }

  SortedMap<Integer, double[]> constants() {
    return Collections.unmodifiableSortedMap(constants);
  }

  /** The size of the widened-params array, 0 for none. */
  int widenedParams() {
    return widenedParams;
  }

  boolean doubleSpecies() {
    return doubleSpecies;
  }

  boolean floatSpecies() {
    return floatSpecies;
  }
}
