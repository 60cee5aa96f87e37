package io.gradgen.check;

import io.gradgen.runtime.data.ClosestName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

/** "did you mean …?": the closest candidate by edit distance, if it is close enough to help. */
final class Suggestions {
  private Suggestions() {}

  /** {@code "; did you mean 'w'?"}, or an empty string when nothing is close. */
  static String didYouMean(String wrong, Collection<String> candidates) {
    // Sorted, so that a tie is broken the same way on every run, whatever the collection's order.
    String best = ClosestName.closest(wrong, new ArrayList<>(new TreeSet<>(candidates)));
    if (best == null) {
      return "";
    }
    int distance = ClosestName.distance(wrong.toLowerCase(Locale.ROOT), best.toLowerCase(Locale.ROOT));
    int tolerance = Math.max(1, Math.min(3, wrong.length() / 2));
    return distance <= tolerance ? "; did you mean '" + best + "'?" : "";
  }
}
