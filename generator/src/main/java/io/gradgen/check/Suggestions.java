package io.gradgen.check;

import java.util.Collection;

/** "did you mean …?": the closest candidate by edit distance, if it is close enough to help. */
final class Suggestions {
  private Suggestions() {}

  /** {@code "; did you mean 'w'?"}, or an empty string when nothing is close. */
  static String didYouMean(String wrong, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    // Sorted, so that a tie is broken the same way on every run, whatever the collection's order.
    for (String candidate : new java.util.TreeSet<>(candidates)) {
      int distance = distance(wrong.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(1, Math.min(3, wrong.length() / 2));
    return best != null && bestDistance <= tolerance ? "; did you mean '" + best + "'?" : "";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
