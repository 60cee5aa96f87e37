package io.gradgen.emit.java;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Indices;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.plan.StoragePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * Where every element of every value is read from in generated code, for {@link MethodWriter}: a
 * local ({@code v12_3}, the current row's copy {@code v12_3_r1} in a block of rows), an array
 * element ({@code p[…]}, {@code d[r + …]}, {@code t12[…]}, {@code c12[…]}), or a view read
 * through (broadcast, transpose, indexing, one-hot) instead of copied; and, in a SIMD kernel, the
 * vector of four consecutive elements, where they are consecutive in an array.
 *
 * <pre>
 * access(w, i, k)                → p[i * 32 + k]
 * vectorRead(w, {i, k}, k)       → DoubleVector.fromArray(D4, p, i * 32 + k)
 * vectorRead(bias, {i}, k)       → DoubleVector.broadcast(D4, p[i + 2048])   (does not vary with k)
 * </pre>
 *
 * The writer sets {@link #setLane} to the row of the block whose code it writes, and {@link #widen}
 * once an f32 kernel has copied its params into doubles.
 */
final class ElementReader {
  private final Graph graph;
  private final StoragePlan plan;
  private final JavaNames names;
  private final KernelShape kernel;
  private final SortedMap<Integer, double[]> constants;
  private final Set<String> species;
  private boolean widened;
  private boolean paramsInLocals;
  private final java.util.Set<Integer> widenedInputs = new java.util.HashSet<>();
  /** Which row of the block the code being written is for. */
  private int lane;

  /** @param species null for scalar code; else filled with the species fields vector reads use */
  ElementReader(Graph graph, StoragePlan plan, JavaNames names, KernelShape kernel,
      SortedMap<Integer, double[]> constants, Set<String> species) {
    this.graph = graph;
    this.plan = plan;
    this.names = names;
    this.kernel = kernel;
    this.constants = constants;
    this.species = species;
  }

  void setLane(int lane) {
    this.lane = lane;
  }

  int lane() {
    return lane;
  }

  /**
   * From now on a param element at a constant index is read from its local {@code curN} (an epoch
   * kernel keeps the current params there across steps), not from the params array.
   */
  void readParamsFromLocals() {
    paramsInLocals = true;
  }

  /** From now on input {@code id} is read from its widened double copy, a scratch array. */
  void widenInput(int id) {
    widenedInputs.add(id);
  }

  /** From now on params are read from the widened double copy. */
  void widen() {
    widened = true;
  }

  /** One element of an outer product, unary or binary op. */
  String elementExpression(int id, Ix[] index) {
    Node node = graph.node(id);
    if (node.op() == Op.OUTER) {
      return "(" + access(node.input(0), index[0]) + " * " + access(node.input(1), index[1]) + ")";
    }
    if (node.op().kind() == Op.Kind.UNARY) {
      return JavaSyntax.unary(node.op(), access(node.input(0), index));
    }
    return JavaSyntax.binary(node.op(), access(node.input(0), index), access(node.input(1), index));
  }

  /** The name, for the current lane, of a local that holds a per-row value. */
  String laned(String name) {
    return lane == 0 ? name : names.lane(name, lane);
  }

  // Reading elements.

  /** The Java expression for element {@code index} of value {@code id}. */
  String access(int id, Ix... index) {
    Node node = graph.node(id);
    Shape shape = node.shape();
    switch (node.op()) {
      case BROADCAST:
        return access(node.input(0));
      case TRANSPOSE:
        return access(node.input(0), index[1], index[0]);
      case INDEX:
        return access(node.input(0), indexSource(node, index));
      case INDEX_ADJOINT:
        return indexAdjoint(node, index);
      case ONE_HOT:
        return "(Math.round(" + access(node.input(0)) + ") == " + index[0].code() + " ? 1.0 : 0.0)";
      case CONSTANT: {
        Ix flat = MethodWriter.flatten(shape, index);
        if (plan.local(id) && flat.isConstant()) {
          return JavaSyntax.literal(node.values().get(flat.value()));
        }
        constants.put(id, node.values().toArray());
        return names.constant(id) + "[" + flat.code() + "]";
      }
      case PARAM:
      case INPUT:
        if (plan.local(id)) {
          return localName(id, MethodWriter.flatten(shape, index).value());
        }
        return leafArrayElement(id, MethodWriter.flatten(shape, index));
      default: {
        Ix flat = MethodWriter.flatten(shape, index);
        if (plan.local(id)) {
          return localName(id, flat.value());
        }
        return names.scratch(id) + "[" + scratchIndex(id, index).code() + "]";
      }
    }
  }

  /** The operand's index read by element {@code index} of an indexing node. */
  static Ix[] indexSource(Node node, Ix[] index) {
    Indices indices = node.indices();
    Ix[] source = new Ix[indices.source().rank()];
    for (int axis = 0; axis < source.length; axis++) {
      source[axis] = axis < indices.positions().size()
          ? Ix.of(indices.positions().get(axis))
          : index[axis - indices.positions().size()];
    }
    return source;
  }

  /** Where an element of a value held in an array lives: {@code array[index]}, widened if floats. */
  record Slot(String array, Ix index, boolean floats) {}

  /** The slot of element {@code index} of a value held in an array (not a view, not in locals). */
  Slot slot(int id, Ix[] index) {
    Node node = graph.node(id);
    Ix flat = MethodWriter.flatten(node.shape(), index);
    return switch (node.op()) {
      case PARAM, INPUT -> leafSlot(id, flat);
      case CONSTANT -> {
        constants.put(id, node.values().toArray());
        yield new Slot(names.constant(id), flat, false);
      }
      default -> new Slot(names.scratch(id), scratchIndex(id, index), false);
    };
  }

  Slot leafSlot(int id, Ix flat) {
    Node node = graph.node(id);
    if (node.op() == Op.PARAM && widened) {
      return new Slot(names.widenedParams(), flat.plus(kernel.paramOffset(node.name())), false);
    }
    if (node.op() == Op.PARAM) {
      return new Slot(names.param(), flat.plus(kernel.paramOffset(node.name())), kernel.isFloat());
    }
    if (widenedInputs.contains(id)) {
      return new Slot(names.scratch(id), flat.plus(lane * node.shape().size()), false);
    }
    return dataSlot(id, flat);
  }

  /** Where input {@code id}'s element {@code flat} of the current row is in the data array. */
  Slot dataSlot(int id, Ix flat) {
    Ix position = Ix.variable(laned(names.rowOffset())).plus(flat.plus(kernel.dataOffset(graph.node(id).name())));
    return new Slot(names.data(), position, kernel.isFloat());
  }

  // Reading vectors (SIMD only).

  /**
   * The vector of elements {@code v, v + 1, …, v + 3} of value {@code id} at {@code index}, where
   * {@code v} is the loop variable stepping by {@value VectorSyntax#LANES}: a broadcast where the element does
   * not depend on {@code v}, a load where consecutive {@code v} are consecutive in an array, null
   * otherwise (a transposed read, one-hot, a value in locals).
   */
  String vectorRead(int id, Ix[] index, Ix v) {
    String scalar = access(id, index);
    if (!mentions(scalar, v)) {
      return VectorSyntax.broadcast(scalar);
    }
    Node node = graph.node(id);
    switch (node.op()) {
      case TRANSPOSE:
        return vectorRead(node.input(0), new Ix[] {index[1], index[0]}, v);
      case INDEX:
        return vectorRead(node.input(0), indexSource(node, index), v);
      case BROADCAST:
      case ONE_HOT:
      case INDEX_ADJOINT:
        return null;
      default:
        if (plan.local(id) || !contiguous(index, v)) {
          return null;
        }
        Slot slot = slot(id, index);
        return load(slot.array(), slot.index().code(), slot.floats());
    }
  }

  /** The vector twin of {@link #elementExpression}, or null. */
  String vectorElement(int id, Ix[] index, Ix v) {
    Node node = graph.node(id);
    if (node.op() == Op.OUTER) {
      String a = vectorRead(node.input(0), new Ix[] {index[0]}, v);
      String b = vectorRead(node.input(1), new Ix[] {index[1]}, v);
      return a == null || b == null ? null : VectorSyntax.binary(Op.MUL, a, b);
    }
    if (node.op().kind() == Op.Kind.UNARY) {
      String x = vectorRead(node.input(0), index, v);
      return x == null ? null : VectorSyntax.unary(node.op(), x);
    }
    String a = vectorRead(node.input(0), index, v);
    String b = vectorRead(node.input(1), index, v);
    return a == null || b == null ? null : VectorSyntax.binary(node.op(), a, b);
  }

  String load(String array, String index, boolean floats) {
    if (floats) {
      species.add(VectorSyntax.FLOATS);
    }
    return VectorSyntax.load(array, index, floats);
  }

  /** Whether {@code v} is the last axis of {@code index} and appears nowhere else. */
  static boolean contiguous(Ix[] index, Ix v) {
    if (index.length == 0 || !index[index.length - 1].equals(v)) {
      return false;
    }
    for (int axis = 0; axis < index.length - 1; axis++) {
      if (mentions(index[axis].code(), v)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the Java text {@code code} reads loop variable {@code v}. */
  static boolean mentions(String code, Ix v) {
    return !v.isConstant()
        && java.util.regex.Pattern.compile("(?<![\\w$])" + java.util.regex.Pattern.quote(v.code()) + "(?![\\w$])")
            .matcher(code).find();
  }

  /** An element of the adjoint of indexing: the operand inside the indexed slot, 0 outside. */
  String indexAdjoint(Node node, Ix[] index) {
    Indices indices = node.indices();
    List<String> conditions = new ArrayList<>();
    boolean outside = false;
    for (int axis = 0; axis < indices.positions().size(); axis++) {
      int position = indices.positions().get(axis);
      if (index[axis].isConstant()) {
        outside |= index[axis].value() != position;
      } else {
        conditions.add(index[axis].code() + " == " + position);
      }
    }
    if (outside) {
      return "0.0";
    }
    Ix[] rest = new Ix[index.length - indices.positions().size()];
    System.arraycopy(index, indices.positions().size(), rest, 0, rest.length);
    String inside = access(node.input(0), rest);
    return conditions.isEmpty() ? inside : "(" + String.join(" && ", conditions) + " ? " + inside + " : 0.0)";
  }

  String leafArrayElement(int id, Ix flat) {
    if (paramsInLocals && flat.isConstant() && graph.node(id).op() == Op.PARAM) {
      return names.currentParam(kernel.paramOffset(graph.node(id).name()) + flat.value());
    }
    Slot slot = leafSlot(id, flat);
    String element = slot.array() + "[" + slot.index().code() + "]";
    return slot.floats() ? "((double) " + element + ")" : element;
  }

  /** The local holding an element of a small value, the current lane's if it is per row. */
  String localName(int id, int flat) {
    String name = graph.node(id).shape().isScalar() ? names.value(id) : names.element(id, flat);
    return plan.perRow(id) ? laned(name) : name;
  }

  /** The position in its scratch array of an element of a large value: lane b at b × size. */
  Ix scratchIndex(int id, Ix[] index) {
    Shape shape = graph.node(id).shape();
    Ix flat = MethodWriter.flatten(shape, index);
    return plan.perRow(id) ? flat.plus(lane * shape.size()) : flat;
  }
}
