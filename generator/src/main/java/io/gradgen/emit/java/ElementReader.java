package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Indices;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.plan.StoragePlan;
import io.gradgen.runtime.Functions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where every element of every value is read from in generated code: a local ({@code h_3}, the
 * copy of row 1 of a block {@code h_3_r1}), an array element ({@code p[…]}, {@code d[r + …]}, a
 * scratch or constant field), or a view read through (broadcast, transpose, indexing, one-hot)
 * instead of copied; and, in a SIMD kernel, the vector of four consecutive elements, where they are
 * consecutive in an array.
 *
 * <pre>
 * access(w, i, k)                → p[i * 32 + k]
 * vectorRead(w, {i, k}, k)       → DoubleVector.fromArray(D4, p, i * 32 + k)
 * vectorRead(bias, {i}, k)       → DoubleVector.broadcast(D4, p[i + 2048])   (does not vary with k)
 * </pre>
 *
 * The writers set {@link #setLane} to the row of the block whose code they write, and {@link
 * #widenParams} once an f32 kernel has copied its params into doubles.
 */
final class ElementReader {
  private final Graph graph;
  private final StoragePlan plan;
  private final JavaNames names;
  private final KernelShape kernel;
  private final ClassFields fields;
  private final VectorSyntax vectors;
  private boolean widened;
  private boolean paramsInLocals;
  private final Set<Integer> widenedInputs = new HashSet<>();
  /** Which row of the block the code being written is for. */
  private int lane;

  ElementReader(Graph graph, StoragePlan plan, JavaNames names, KernelShape kernel, ClassFields fields,
      VectorSyntax vectors) {
    this.graph = graph;
    this.plan = plan;
    this.names = names;
    this.kernel = kernel;
    this.fields = fields;
    this.vectors = vectors;
  }

  void setLane(int lane) {
    this.lane = lane;
  }

  int lane() {
    return lane;
  }

  /**
   * From now on a param element at a constant index is read from its local (an epoch kernel keeps
   * the current params there across steps), not from the params array.
   */
  void readParamsFromLocals() {
    paramsInLocals = true;
  }

  /** From now on input {@code id} is read from its widened double copy, a scratch array. */
  void widenInput(int id) {
    widenedInputs.add(id);
  }

  /** From now on params are read from the widened double copy. */
  void widenParams() {
    widened = true;
  }

  /** One element of an outer product, unary or binary op. */
  JavaExpr elementExpression(int id, Ix[] index) {
    Node node = graph.node(id);
    if (node.op() == Op.OUTER) {
      return JavaExpr.atom("($L * $L)", access(node.input(0), index[0]).code(), access(node.input(1), index[1]).code());
    }
    if (node.op().kind() == Op.Kind.UNARY) {
      return JavaSyntax.unary(node.op(), access(node.input(0), index));
    }
    return JavaSyntax.binary(node.op(), access(node.input(0), index), access(node.input(1), index));
  }

  // Reading elements.

  /** The Java expression for element {@code index} of value {@code id}. */
  JavaExpr access(int id, Ix... index) {
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
        return JavaExpr.atom(node.attribute() == null ? "$T.oneHot($L, $L, $L)" : "$T.position($L, $L, $L)",
            Functions.class, access(node.input(0)).code(),
            index[0].code(), node.shape().dim(0));
      case CONSTANT: {
        Ix flat = Ix.flatten(shape, index);
        if (plan.local(id) && flat.isConstant()) {
          return JavaSyntax.literal(node.values().get(flat.value()));
        }
        fields.constant(id, node.values().toArray());
        return element(names.constant(id), flat);
      }
      case PARAM:
      case INPUT:
        if (plan.local(id)) {
          return JavaExpr.name(localName(id, Ix.flatten(shape, index).value()));
        }
        return leafArrayElement(id, Ix.flatten(shape, index));
      default: {
        if (plan.local(id)) {
          return JavaExpr.name(localName(id, Ix.flatten(shape, index).value()));
        }
        return element(names.scratch(id), scratchIndex(id, index));
      }
    }
  }

  /** Whether element {@code index} of value {@code id}, as {@link #access} reads it, varies with loop variable {@code v}. */
  boolean varies(int id, Ix[] index, Ix v) {
    Node node = graph.node(id);
    switch (node.op()) {
      case BROADCAST:
        return varies(node.input(0), new Ix[0], v);
      case TRANSPOSE:
        return varies(node.input(0), new Ix[] {index[1], index[0]}, v);
      case INDEX:
        return varies(node.input(0), indexSource(node, index), v);
      case INDEX_ADJOINT: {
        Indices indices = node.indices();
        boolean varies = false;
        for (int axis = 0; axis < indices.positions().size(); axis++) {
          if (index[axis].isConstant() && index[axis].value() != indices.positions().get(axis)) {
            return false;
          }
          varies |= index[axis].reads(v);
        }
        return varies || varies(node.input(0), rest(node, index), v);
      }
      case ONE_HOT:
        return index[0].reads(v) || varies(node.input(0), new Ix[0], v);
      default: {
        Ix flat = Ix.flatten(node.shape(), index);
        if (plan.local(id) && flat.isConstant()) {
          return false;
        }
        return flat.reads(v);
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
    Ix flat = Ix.flatten(node.shape(), index);
    return switch (node.op()) {
      case PARAM, INPUT -> leafSlot(id, flat);
      case CONSTANT -> {
        fields.constant(id, node.values().toArray());
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
    Ix position = Ix.variable(names.rowOffset(lane)).plus(flat.plus(kernel.dataOffset(graph.node(id).name())));
    return new Slot(names.data(), position, kernel.isFloat());
  }

  // Reading vectors (SIMD only).

  /**
   * The vector of elements {@code v, v + 1, …, v + 3} of value {@code id} at {@code index}, where
   * {@code v} is the loop variable stepping by {@value VectorSyntax#LANES}: a broadcast where the
   * element does not depend on {@code v}, a load where consecutive {@code v} are consecutive in an
   * array, null otherwise (a transposed read, one-hot, a value in locals).
   */
  JavaExpr vectorRead(int id, Ix[] index, Ix v) {
    if (!varies(id, index, v)) {
      return vectors.broadcast(access(id, index));
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
        return load(slot.array(), slot.index(), slot.floats());
    }
  }

  /** The vector twin of {@link #elementExpression}, or null. */
  JavaExpr vectorElement(int id, Ix[] index, Ix v) {
    Node node = graph.node(id);
    if (node.op() == Op.OUTER) {
      JavaExpr a = vectorRead(node.input(0), new Ix[] {index[0]}, v);
      JavaExpr b = vectorRead(node.input(1), new Ix[] {index[1]}, v);
      return a == null || b == null ? null : vectors.binary(Op.MUL, a, b);
    }
    if (node.op().kind() == Op.Kind.UNARY) {
      JavaExpr x = vectorRead(node.input(0), index, v);
      return x == null ? null : vectors.unary(node.op(), x);
    }
    JavaExpr a = vectorRead(node.input(0), index, v);
    JavaExpr b = vectorRead(node.input(1), index, v);
    return a == null || b == null ? null : vectors.binary(node.op(), a, b);
  }

  JavaExpr load(String array, Ix index, boolean floats) {
    if (floats) {
      fields.useFloatSpecies();
    }
    return vectors.load(array, index, floats);
  }

  /** Whether {@code v} is the last axis of {@code index} and appears nowhere else. */
  static boolean contiguous(Ix[] index, Ix v) {
    if (index.length == 0 || !index[index.length - 1].equals(v)) {
      return false;
    }
    for (int axis = 0; axis < index.length - 1; axis++) {
      if (index[axis].reads(v)) {
        return false;
      }
    }
    return true;
  }

  /** An element of the adjoint of indexing: the operand inside the indexed slot, 0 outside. */
  JavaExpr indexAdjoint(Node node, Ix[] index) {
    Indices indices = node.indices();
    List<CodeBlock> conditions = new ArrayList<>();
    for (int axis = 0; axis < indices.positions().size(); axis++) {
      int position = indices.positions().get(axis);
      if (index[axis].isConstant()) {
        if (index[axis].value() != position) {
          return JavaExpr.compound("0.0");
        }
      } else {
        conditions.add(CodeBlock.of("$L == $L", index[axis].code(), position));
      }
    }
    JavaExpr inside = access(node.input(0), rest(node, index));
    return conditions.isEmpty()
        ? inside
        : JavaExpr.atom("($L ? $L : 0.0)", CodeBlock.join(conditions, " && "), inside.code());
  }

  /** The index into the operand of an adjoint of indexing: what follows the indexed axes. */
  private static Ix[] rest(Node node, Ix[] index) {
    int indexed = node.indices().positions().size();
    Ix[] rest = new Ix[index.length - indexed];
    System.arraycopy(index, indexed, rest, 0, rest.length);
    return rest;
  }

  JavaExpr leafArrayElement(int id, Ix flat) {
    if (paramsInLocals && flat.isConstant() && graph.node(id).op() == Op.PARAM) {
      return JavaExpr.name(names.currentParam(kernel.paramOffset(graph.node(id).name()) + flat.value()));
    }
    Slot slot = leafSlot(id, flat);
    JavaExpr element = element(slot.array(), slot.index());
    return slot.floats() ? JavaExpr.atom("((double) $L)", element.code()) : element;
  }

  /** {@code array[index]}: an operand as it is where the index is plain. */
  private static JavaExpr element(String array, Ix index) {
    return new JavaExpr(CodeBlock.of("$N[$L]", array, index.code()), index.plain());
  }

  /** The local holding an element of a small value, the current lane's if it is per row. */
  String localName(int id, int flat) {
    int row = plan.perRow(id) ? lane : 0;
    return graph.node(id).shape().isScalar() ? names.value(id, row) : names.element(id, flat, row);
  }

  /** The position in its scratch array of an element of a large value: lane b at b × size. */
  Ix scratchIndex(int id, Ix[] index) {
    Shape shape = graph.node(id).shape();
    Ix flat = Ix.flatten(shape, index);
    return plan.perRow(id) ? flat.plus(lane * shape.size()) : flat;
  }
}
