package io.gradgen.runtime.train;

import java.util.ArrayList;
import java.util.List;

/**
 * At most {@code capacity} items of a sequence that may be far longer, evenly spaced: every item
 * whose index is a multiple of the stride, the stride 1 until the list is full, then doubled and
 * every other item dropped. What a run records per epoch or per step stays bounded however many
 * there are (a 200,000,000-epoch run would otherwise fill the heap), and a curve drawn from it keeps
 * its shape.
 *
 * <pre>
 * Thinned&lt;Long&gt; t = new Thinned&lt;&gt;(4);
 * for (long i = 0; i &lt; 10; i++) t.add(i, i);
 * t.items()   // [0, 4, 8]
 * </pre>
 */
public final class Thinned<T> {
  private final int capacity;
  private final List<T> items = new ArrayList<>();
  private long stride = 1;

  public Thinned(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("capacity must be at least 2, not " + capacity);
    }
    this.capacity = capacity;
  }

  /** Offers {@code item}, the one at {@code index} of the sequence (indices increase). */
  public void add(T item, long index) {
    if (index % stride != 0) {
      return;
    }
    if (items.size() == capacity) {
      List<T> kept = new ArrayList<>(capacity / 2 + 1);
      for (int k = 0; k < items.size(); k += 2) {
        kept.add(items.get(k));
      }
      items.clear();
      items.addAll(kept);
      stride *= 2;
      if (index % stride != 0) {
        return;
      }
    }
    items.add(item);
  }

  /** The items kept, in order (a live view: copy it to keep it). */
  public List<T> items() {
    return items;
  }
}
