package io.gradgen.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Graph} node by node. Equal nodes are created once (hash-consing), so a builder
 * never holds two nodes that compute the same thing from the same operands: that is the whole of
 * common-subexpression elimination.
 *
 * <p>The typed helpers ({@link #add}, {@link #matmul}, …) check their operands' shapes and
 * broadcast a scalar operand of a binary op to the other operand's shape. A shape error here is a
 * bug in an earlier pass: the checker has already told the user about every shape mistake.
 *
 * <pre>
 * GraphBuilder b = new GraphBuilder();
 * int a = b.param("a", Shape.SCALAR);
 * int loss = b.sub(b.mul(b.mul(a, a), a), b.scalar(1));   // a³ − 1
 * Graph g = b.build(loss, -1, Map.of());
 * </pre>
 */
public final class GraphBuilder {
  private final List<Node> nodes = new ArrayList<>();
  private final Map<Node, Integer> ids = new HashMap<>();
  private final Map<Integer, Origin> origins = new HashMap<>();
  private final Map<Integer, String> names = new HashMap<>();
  /** The origin given to the nodes created from now on, or null. */
  private Origin origin;

  public GraphBuilder() {}

  /** A builder holding {@code graph}'s nodes, with their ids, origins and names, to add to. */
  public GraphBuilder(Graph graph) {
    for (int id = 0; id < graph.size(); id++) {
      origin = graph.provenance().origin(id).orElse(null);
      add(graph.node(id));
    }
    origin = null;
    names.putAll(graph.provenance().names());
  }

  /**
   * Gives the nodes created from now on {@code where} as their origin (null: none); returns the
   * origin given until now, so that a caller can restore it. A node that already exists keeps its
   * own.
   */
  public Origin at(Origin where) {
    Origin before = origin;
    origin = where;
    return before;
  }

  /** Names node {@code id} {@code name}, unless it has a name already. */
  public void name(int id, String name) {
    names.putIfAbsent(id, name);
  }

  public Node node(int id) {
    return nodes.get(id);
  }

  public Shape shape(int id) {
    return nodes.get(id).shape();
  }

  public int size() {
    return nodes.size();
  }

  /** Adds {@code node} unless an equal one exists; returns its id. */
  public int add(Node node) {
    for (int input : node.inputs()) {
      if (input < 0 || input >= nodes.size()) {
        throw new IllegalArgumentException("no node %" + input);
      }
    }
    Integer existing = ids.get(node);
    if (existing != null) {
      return existing;
    }
    nodes.add(node);
    int id = nodes.size() - 1;
    ids.put(node, id);
    if (origin != null) {
      origins.put(id, origin);
    }
    return id;
  }

  public int add(Op op, Shape shape, Object attribute, int... inputs) {
    List<Integer> operands = new ArrayList<>(inputs.length);
    for (int input : inputs) {
      operands.add(input);
    }
    return add(new Node(op, operands, shape, attribute));
  }

  public Graph build(int loss, int output, Map<String, Integer> gradients) {
    return new Graph(nodes, loss, output, new LinkedHashMap<>(gradients), new Provenance(origins, names));
  }

  // Leaves.

  public int param(String name, Shape shape) {
    return add(Op.PARAM, shape, name);
  }

  public int input(String name, Shape shape) {
    return add(Op.INPUT, shape, name);
  }

  public int constant(Shape shape, double... values) {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException(values.length + " values for shape " + shape);
    }
    return add(Op.CONSTANT, shape, new Values(values));
  }

  public int scalar(double value) {
    return constant(Shape.SCALAR, value);
  }

  /** A constant of {@code shape} with every element {@code value}. */
  public int filled(Shape shape, double value) {
    double[] values = new double[shape.size()];
    java.util.Arrays.fill(values, value);
    return constant(shape, values);
  }

  // Elementwise.

  public int unary(Op op, int x) {
    if (op.kind() != Op.Kind.UNARY) {
      throw new IllegalArgumentException(op + " is not unary");
    }
    return add(op, shape(x), null, x);
  }

  /**
   * A binary elementwise op; the operands are first stretched to the shape they broadcast to
   * ({@link Shape#broadcast}) by {@link #expand}.
   */
  public int binary(Op op, int a, int b) {
    if (op.kind() != Op.Kind.BINARY) {
      throw new IllegalArgumentException(op + " is not binary");
    }
    Shape sa = shape(a);
    Shape sb = shape(b);
    if (!sa.equals(sb)) {
      Shape target = Shape.broadcast(sa, sb).orElseThrow(
          () -> new IllegalArgumentException("cannot " + op.label() + " " + sa + " and " + sb));
      a = expand(a, target);
      b = expand(b, target);
    }
    return add(op, shape(a), null, a, b);
  }

  /**
   * {@code x} stretched to {@code target}, a shape it broadcasts to, from primitives whose adjoints
   * sum over exactly the stretched axes (the un-broadcast): a single element is read and repeated
   * ({@code broadcast}, whose adjoint is a sum); a vector {@code [n]} becomes the rows of {@code
   * [m, n]} as {@code ones[m] ⊗ x} (adjoint {@code ones·dy}, the sum over the rows); a column
   * {@code [m, 1]} is {@code x @ ones[1, n]} and a row {@code [1, n]} is {@code ones[m, 1] @ x}
   * (adjoints {@code dy @ ones}, {@code ones @ dy}). Each product has one term, {@code x·1}, so
   * the values are {@code x}'s to the bit.
   */
  public int expand(int x, Shape target) {
    Shape s = shape(x);
    if (s.equals(target)) {
      return x;
    }
    if (s.size() == 1) {
      int element = s.isScalar() ? x : index(x, s.rank() == 1 ? List.of(0) : List.of(0, 0));
      return broadcast(element, target);
    }
    if (s.rank() == 1) {
      return outer(filled(Shape.vector(target.dim(0)), 1), x);
    }
    int stretched = x;
    if (s.dim(1) == 1) {
      stretched = matmul(stretched, filled(Shape.matrix(1, target.dim(1)), 1));
    }
    if (s.dim(0) == 1) {
      stretched = matmul(filled(Shape.matrix(target.dim(0), 1), 1), stretched);
    }
    return stretched;
  }

  public int add(int a, int b) {
    return binary(Op.ADD, a, b);
  }

  public int sub(int a, int b) {
    return binary(Op.ADD, a, neg(b));
  }

  public int mul(int a, int b) {
    return binary(Op.MUL, a, b);
  }

  public int div(int a, int b) {
    return binary(Op.DIV, a, b);
  }

  public int neg(int x) {
    return unary(Op.NEG, x);
  }

  // Structure.

  /** A scalar repeated to {@code shape}; the scalar itself when {@code shape} is scalar. */
  public int broadcast(int scalar, Shape shape) {
    if (!shape(scalar).isScalar()) {
      throw new IllegalArgumentException("only a scalar broadcasts, not " + shape(scalar));
    }
    return shape.isScalar() ? scalar : add(Op.BROADCAST, shape, null, scalar);
  }

  /** The sum of every element; a scalar is its own sum. */
  public int sum(int x) {
    return shape(x).isScalar() ? x : add(Op.SUM, Shape.SCALAR, null, x);
  }

  public int transpose(int x) {
    return add(Op.TRANSPOSE, shape(x).transposed(), null, x);
  }

  public int index(int x, List<Integer> positions) {
    Indices indices = new Indices(positions, shape(x));
    return add(Op.INDEX, indices.resultShape(), indices, x);
  }

  public int indexAdjoint(int dy, Indices indices) {
    return add(Op.INDEX_ADJOINT, indices.source(), indices, dy);
  }

  public int oneHot(int classIndex, int classes) {
    return add(Op.ONE_HOT, Shape.vector(classes), null, classIndex);
  }

  /**
   * The one-hot vector that reads position {@code k} (rounded) of an axis of {@code size}, for an
   * index by a value; attribute {@link #POSITION}, so that a {@code k} out of range is reported as
   * an index, not as a class.
   */
  public int position(int k, int size) {
    return add(Op.ONE_HOT, Shape.vector(size), POSITION, k);
  }

  /** The attribute of a {@link Op#ONE_HOT} that reads an index rather than a class. */
  public static final String POSITION = "position";

  // Linear algebra and reductions.

  /** The matrix product in its four shapes; see {@link #matmulShape}. */
  public int matmul(int a, int b) {
    return add(Op.MATMUL, matmulShape(shape(a), shape(b)), null, a, b);
  }

  public int outer(int u, int v) {
    Shape su = shape(u);
    Shape sv = shape(v);
    if (su.rank() != 1 || sv.rank() != 1) {
      throw new IllegalArgumentException("outer needs two vectors, not " + su + " and " + sv);
    }
    return add(Op.OUTER, Shape.matrix(su.dim(0), sv.dim(0)), null, u, v);
  }

  public int norm(int x) {
    return add(Op.NORM, Shape.SCALAR, null, x);
  }

  public int logsumexp(int x) {
    return add(Op.LOGSUMEXP, Shape.SCALAR, null, x);
  }

  /** AMAX, AMIN or ARGMAX of every element: a scalar. */
  public int extremum(Op op, int x) {
    if (op != Op.AMAX && op != Op.AMIN && op != Op.ARGMAX) {
      throw new IllegalArgumentException(op + " is not an extremum");
    }
    return add(op, Shape.SCALAR, null, x);
  }

  /**
   * [m,k]·[k,n] → [m,n]; [m,k]·[k] → [m]; [k]·[k,n] → [n]; [k]·[k] → []. Anything else (a scalar,
   * inner sizes that differ) is rejected.
   */
  public static Shape matmulShape(Shape a, Shape b) {
    if (a.isScalar() || b.isScalar()) {
      throw new IllegalArgumentException("cannot multiply " + a + " @ " + b);
    }
    int inner = a.dim(a.rank() - 1);
    if (inner != b.dim(0)) {
      throw new IllegalArgumentException("cannot multiply " + a + " @ " + b);
    }
    if (a.rank() == 2 && b.rank() == 2) {
      return Shape.matrix(a.dim(0), b.dim(1));
    }
    if (a.rank() == 2) {
      return Shape.vector(a.dim(0));
    }
    if (b.rank() == 2) {
      return Shape.vector(b.dim(1));
    }
    return Shape.SCALAR;
  }
}
