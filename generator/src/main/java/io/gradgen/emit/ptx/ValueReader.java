package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Asm.Space;
import io.gradgen.emit.ptx.Operand.Address;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.ir.Indices;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;

/**
 * Where every element of every value is read from in a row kernel, as an operand of the kernel's
 * type: a register (a value in locals), an immediate (a constant at a fixed index), a load (from
 * the params array, the row, the frame or a constant array), or a view read through (broadcast,
 * transpose, indexing, one-hot, the adjoint of indexing) instead of copied. The PTX twin of the Java
 * emitter's {@code ElementReader}.
 *
 * <pre>
 * read(w, {i, k})   → ld.global.f64 %fd7, [%rd12]      (%rd12 = params + 8·(32·i + k))
 * read(b, {1})      → %fd3                             (b in locals)
 * read(A', {0, 2})  → 0d4010000000000000               (a constant: A[2, 0] = 4)
 * </pre>
 */
final class ValueReader {
  private final KernelEmission out;

  ValueReader(KernelEmission out) {
    this.out = out;
  }

  /** One element of an outer product, unary or binary op, computed. */
  Operand element(int id, PIndex[] index) {
    Node node = out.graph.node(id);
    if (node.op() == Op.OUTER) {
      return out.ops.binary(Op.MUL, read(node.input(0), index[0]), read(node.input(1), index[1]));
    }
    if (node.op().kind() == Op.Kind.UNARY) {
      return out.ops.unary(node.op(), read(node.input(0), index));
    }
    return out.ops.binary(node.op(), read(node.input(0), index), read(node.input(1), index));
  }

  /** Element {@code index} of value {@code id}. */
  Operand read(int id, PIndex... index) {
    Node node = out.graph.node(id);
    Shape shape = node.shape();
    switch (node.op()) {
      case BROADCAST:
        return read(node.input(0));
      case TRANSPOSE:
        return read(node.input(0), index[1], index[0]);
      case INDEX:
        return read(node.input(0), indexSource(node, index));
      case INDEX_ADJOINT:
        return indexAdjoint(node, index);
      case ONE_HOT:
        return oneHot(node, index[0]);
      case CONSTANT: {
        PIndex flat = PIndex.flatten(shape, index);
        if (flat.isConstant()) {
          return new Real(out.type, node.values().get(flat.value()));
        }
        return out.asm.ld(Space.CONST, out.type,
            out.address(out.constantBase(id), true, flat, out.elementBytes(), 0));
      }
      default: {
        PIndex flat = PIndex.flatten(shape, index);
        if (out.storage.local(id)) {
          return out.local(id, flat.value());
        }
        return out.asm.ld(spaceOf(id), out.type, arrayElement(id, flat));
      }
    }
  }

  /** The state space holding value {@code id} when it is not in locals. */
  Space spaceOf(int id) {
    return switch (out.graph.node(id).op()) {
      case PARAM -> Space.GLOBAL;
      case INPUT -> out.rowSpace;
      default -> Space.LOCAL;
    };
  }

  /** Where element {@code flat} of a value held in an array (a leaf, or the frame) is. */
  Address arrayElement(int id, PIndex flat) {
    Node node = out.graph.node(id);
    int bytes = out.elementBytes();
    return switch (node.op()) {
      case PARAM -> out.address(out.params, true, flat, bytes, out.paramOffset(node.name()) * bytes);
      case INPUT -> out.address(out.row, out.rowSpace == Space.GLOBAL, flat, bytes,
          out.dataOffset(node.name()) * bytes);
      default -> out.frame(out.slot(id), flat, bytes);
    };
  }

  /** The operand's index read by element {@code index} of an indexing node. */
  static PIndex[] indexSource(Node node, PIndex[] index) {
    Indices indices = node.indices();
    PIndex[] source = new PIndex[indices.source().rank()];
    for (int axis = 0; axis < source.length; axis++) {
      source[axis] = axis < indices.positions().size()
          ? PIndex.of(indices.positions().get(axis))
          : index[axis - indices.positions().size()];
    }
    return source;
  }

  /** An element of the adjoint of indexing: the operand inside the indexed slot, 0 outside. */
  private Operand indexAdjoint(Node node, PIndex[] index) {
    Indices indices = node.indices();
    int indexed = indices.positions().size();
    Reg inside = null;
    for (int axis = 0; axis < indexed; axis++) {
      int position = indices.positions().get(axis);
      if (index[axis].isConstant()) {
        if (index[axis].value() != position) {
          return new Real(out.type, 0.0);
        }
      } else {
        Reg equal = out.asm.setp(Cmp.EQ, PtxType.U32, index[axis].in(out.asm, 1, 0), Operand.Imm.of(position));
        inside = inside == null ? equal : out.asm.andPred(inside, equal);
      }
    }
    PIndex[] rest = new PIndex[index.length - indexed];
    System.arraycopy(index, indexed, rest, 0, rest.length);
    Operand value = read(node.input(0), rest);
    return inside == null ? value : out.asm.selp(out.type, value, new Real(out.type, 0.0), inside);
  }

  /**
   * Element {@code k} of a one-hot vector: 1 where {@code Math.round(x) == k}. {@code Math.round}
   * is {@code floor(x + 1/2)} taken exactly, so it is written {@code floor(x) + (x − floor(x) ≥ 1/2)}
   * (the difference is exact). A class index that is not one of the vector's classes (NaN, or
   * rounded below 0 or past the last) makes every element NaN: the Java kernel throws {@link
   * io.gradgen.runtime.ClassIndexException} there, and a kernel cannot throw, so the row's loss and
   * gradient become NaN, {@code reduce} reports the sums not finite, and the host finds the row and
   * names it (the {@code cuda} backend does so with the Java kernel, row by row, as the Java
   * objectives do). A class index given as a literal or const never gets here: the checker refuses
   * it.
   */
  private Operand oneHot(Node node, PIndex k) {
    PtxType type = out.type;
    Operand x = read(node.input(0));
    Real zero = new Real(type, 0.0);
    Real one = new Real(type, 1.0);
    int classes = node.shape().dim(0);
    Operand position = k.isConstant()
        ? new Real(type, k.value())
        : out.asm.cvt(type, PtxType.U32, ".rn", k.in(out.asm, 1, 0));
    if (x instanceof Real literal) {
      double rounded = Math.round(literal.value());
      if (position instanceof Real p) {
        return rounded == p.value() ? one : zero;
      }
      return out.asm.selp(type, one, zero, out.asm.setp(Cmp.EQ, type, new Real(type, rounded), position));
    }
    Reg floor = out.asm.cvt(type, type, ".rmi", x);
    Reg up = out.asm.setp(Cmp.GE, type, out.asm.sub(type, x, floor), new Real(type, 0.5));
    Reg rounded = out.asm.selp(type, out.asm.add(type, floor, one), floor, up);
    Reg outside = out.asm.orPred(out.asm.setp(Cmp.LTU, type, rounded, zero),
        out.asm.setp(Cmp.GTU, type, rounded, new Real(type, classes - 1)));
    Reg element = out.asm.selp(type, one, zero, out.asm.setp(Cmp.EQ, type, rounded, position));
    return out.asm.selp(type, new Real(type, Double.NaN), element, outside);
  }
}
