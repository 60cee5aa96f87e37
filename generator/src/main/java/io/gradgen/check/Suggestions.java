package io.gradgen.check;

import io.gradgen.runtime.data.ClosestName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.TreeSet;

/** "did you mean …?": the closest candidate by edit distance, if it is close enough to help. */
final class Suggestions {
  private Suggestions() {}

  /** {@code "; did you mean 'w'?"}, or an empty string when nothing is close. */
  static String didYouMean(String wrong, Collection<String> candidates) {
    // Sorted, so that a tie is broken the same way on every run, whatever the collection's order.
    String best = ClosestName.likely(wrong, new ArrayList<>(new TreeSet<>(candidates)));
    return best == null ? "" : "; did you mean '" + best + "'?";
  }
}
