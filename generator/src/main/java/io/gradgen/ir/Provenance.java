package io.gradgen.ir;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The side table of a {@link Graph} that is for people alone: each node's {@link Origin} in the
 * model text, and the model's own name for a node where it has one (a param, input or target, a
 * named intermediate {@code h = …}, the {@code loss}, and {@code d_NAME} for the gradient or
 * adjoint of a named value). Kept beside the nodes, not in them, because nodes are compared by
 * value: two equal expressions written in two places are one node, named and placed where first
 * written.
 *
 * <pre>
 * graph.provenance().name(4)     → Optional[yhat]
 * graph.provenance().origin(4)   → Optional[9:1 yhat = w @ x + b]
 * </pre>
 */
public record Provenance(Map<Integer, Origin> origins, Map<Integer, String> names) {
  public static final Provenance NONE = new Provenance(Map.of(), Map.of());

  public Provenance {
    origins = Collections.unmodifiableMap(new TreeMap<>(origins));
    names = Collections.unmodifiableMap(new TreeMap<>(names));
  }

  public Optional<Origin> origin(int id) {
    return Optional.ofNullable(origins.get(id));
  }

  public Optional<String> name(int id) {
    return Optional.ofNullable(names.get(id));
  }

  /**
   * This table for a graph rebuilt with node {@code id} becoming {@code replacement[id]} (-1 for a
   * node dropped): each new node keeps the origin and name of the first old node mapped to it that
   * had one, unless the rebuilt graph gave it its own already.
   */
  public Provenance remap(int[] replacement, Provenance rebuilt) {
    Map<Integer, Origin> newOrigins = new TreeMap<>(rebuilt.origins);
    Map<Integer, String> newNames = new TreeMap<>(rebuilt.names);
    for (int id = 0; id < replacement.length; id++) {
      int to = replacement[id];
      if (to < 0) {
        continue;
      }
      Origin origin = origins.get(id);
      if (origin != null) {
        newOrigins.putIfAbsent(to, origin);
      }
      String name = names.get(id);
      if (name != null) {
        newNames.putIfAbsent(to, name);
      }
    }
    return new Provenance(newOrigins, newNames);
  }
}
