package io.gradgen.runtime.data;

import java.util.List;
import java.util.Locale;

/**
 * The candidate nearest to a misspelt name, for "did you mean" hints: the smallest edit distance,
 * ignoring case, the first such candidate on ties. {@code closest("Rainfal", [Temperature,
 * Rainfall]) = "Rainfall"}. The checker's "did you mean" for model names uses it too, so data and
 * model errors suggest alike.
 */
public final class ClosestName {
  private ClosestName() {}

  /** The closest candidate, or null when there are none. */
  public static String closest(String name, List<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  /**
   * The closest candidate if it is close enough to be the name meant (at most a third of the
   * name's letters edited, one at least, three at most), else null: a hint that names something
   * unrelated misleads more than none.
   */
  public static String likely(String name, List<String> candidates) {
    String best = closest(name, candidates);
    if (best == null) {
      return null;
    }
    int distance = distance(name.toLowerCase(Locale.ROOT), best.toLowerCase(Locale.ROOT));
    return distance <= Math.max(1, Math.min(3, name.length() / 2)) ? best : null;
  }

  /** Levenshtein distance, two rows at a time. */
  public static int distance(String a, String b) {
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
