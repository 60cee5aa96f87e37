package io.gradgen.graph;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Origin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What each node of a graph is to a person looking at its picture: a param, an input, a target, a
 * constant, a forward op, or a backward op; whether anything the kernel returns uses it; and, for a
 * backward op, the forward op whose adjoint it helps compute.
 *
 * <p>Forward is first structural: a node the loss or the output depends on is forward, whichever
 * pass built it, so that common-subexpression elimination merging a backward value into a forward
 * one (the {@code w @ x} an adjoint recomputes) draws it once, on the forward side. A node neither
 * uses is forward too when its origin is a forward one (a metric's ops, which the differentiated
 * graph still holds), and backward otherwise. A backward node's forward op is found through its {@link Origin}: {@link
 * io.gradgen.autodiff.Differentiate} places the nodes an op's rule builds at that op's origin,
 * marked backward, and the forward op is the last forward node placed there (the root of that
 * model expression). Optimize keeps origins, so this holds after it too.
 *
 * <pre>
 * loss (a * b - 3)^2     →  a, b: PARAM; 3: CONSTANT; mul, add, pow: FORWARD
 *                           the pow's adjoint nodes: BACKWARD, owner = the pow (PowBackward0)
 * </pre>
 */
public final class GraphParts {
  /** What a node is, for its style. */
  public enum Kind {
    PARAM,
    INPUT,
    TARGET,
    CONSTANT,
    FORWARD,
    BACKWARD
  }

  private final Graph graph;
  private final Kind[] kinds;
  private final boolean[] forward;
  private final boolean[] live;
  private final int[] owner;

  private GraphParts(Graph graph, Kind[] kinds, boolean[] forward, boolean[] live, int[] owner) {
    this.graph = graph;
    this.kinds = kinds;
    this.forward = forward;
    this.live = live;
    this.owner = owner;
  }

  /** The parts of {@code graph}, whose INPUT nodes named in {@code targets} are the model's targets. */
  public static GraphParts of(Graph graph, Set<String> targets) {
    int size = graph.size();
    boolean[] forward = ancestors(graph, graph.hasOutput() ? List.of(graph.loss(), graph.output()) : List.of(graph.loss()));
    boolean[] live = ancestors(graph, graph.roots());
    for (int id = 0; id < size; id++) {
      forward[id] |= !live[id] && graph.provenance().origin(id).map(origin -> !origin.isBackward()).orElse(false);
    }
    Kind[] kinds = new Kind[size];
    for (int id = 0; id < size; id++) {
      Node node = graph.node(id);
      kinds[id] = switch (node.op()) {
        case PARAM -> Kind.PARAM;
        case INPUT -> targets.contains(node.name()) ? Kind.TARGET : Kind.INPUT;
        case CONSTANT -> Kind.CONSTANT;
        default -> forward[id] ? Kind.FORWARD : Kind.BACKWARD;
      };
    }
    return new GraphParts(graph, kinds, forward, live, owners(graph, kinds));
  }

  public Kind kind(int id) {
    return kinds[id];
  }

  /** Whether node {@code id} is a forward value: the loss or the output depends on it, or nothing does and its origin is forward. */
  public boolean isForward(int id) {
    return forward[id];
  }

  /** Whether the loss, the output or a gradient depends on node {@code id}: false for what optimize removes. */
  public boolean isLive(int id) {
    return live[id];
  }

  /** For a backward op, the forward op whose adjoint rule built it, where its origin tells. */
  public OptionalInt owner(int id) {
    return owner[id] < 0 ? OptionalInt.empty() : OptionalInt.of(owner[id]);
  }

  public Graph graph() {
    return graph;
  }

  private static boolean[] ancestors(Graph graph, List<Integer> roots) {
    boolean[] reached = new boolean[graph.size()];
    for (int root : roots) {
      reached[root] = true;
    }
    // Ids are topological: one walk from the last node down reaches every ancestor.
    for (int id = graph.size() - 1; id >= 0; id--) {
      if (reached[id]) {
        for (int input : graph.node(id).inputs()) {
          reached[input] = true;
        }
      }
    }
    return reached;
  }

  private static int[] owners(Graph graph, Kind[] kinds) {
    Map<Place, Integer> lastForward = new HashMap<>();
    for (int id = 0; id < graph.size(); id++) {
      int node = id;
      if (kinds[id] == Kind.FORWARD) {
        graph.provenance().origin(id).filter(origin -> !origin.isBackward())
            .ifPresent(origin -> lastForward.put(Place.of(origin), node));
      }
    }
    int[] owner = new int[graph.size()];
    for (int id = 0; id < graph.size(); id++) {
      owner[id] = -1;
      if (kinds[id] == Kind.BACKWARD) {
        owner[id] = graph.provenance().origin(id).filter(Origin::isBackward)
            .map(origin -> lastForward.getOrDefault(Place.of(origin), -1)).orElse(-1);
      }
    }
    return owner;
  }

  /** An origin without its direction: the model text and where it starts. */
  private record Place(String text, int line, int column) {
    static Place of(Origin origin) {
      return new Place(Objects.requireNonNull(origin.text()), origin.line(), origin.column());
    }
  }
}
