package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import java.util.List;

/**
 * Loop nests: each value is computed by one, written out with constant indices where the plan
 * unrolls it, else as rolled loops over {@code i}, {@code j} (and {@code k} for an inner sum); and
 * the elementwise ops, one statement an element, into a local or the value's scratch array. With
 * SIMD the innermost loop of a nest takes four elements a step wherever {@link ElementReader}
 * finds a vector form of every operand (see {@link #nest}).
 *
 * <pre>
 * unrolled:  double h_0 = (v3_0 + v4_0);  double h_1 = (v3_1 + v4_1);
 * rolled:    for (int i = 0; i < 64; i++) { h[i] = Functions.tanh(v9[i]); }
 * </pre>
 */
final class NestWriter {
  private final Emission out;

  NestWriter(Emission out) {
    this.out = out;
  }

  /** The statements of one step of a vector loop over {@code v}, or null where there are none. */
  interface VectorStatements {
    List<CodeBlock> at(Ix[] index, Ix v);
  }

  interface ScalarBody {
    void write(Ix[] index);
  }

  /** An unary, binary or outer-product value, element by element. */
  void elementwise(int id) {
    Shape shape = out.graph.node(id).shape();
    boolean perRow = out.storage.perRow(id);
    if (out.storage.unrolled(id)) {
      for (int flat = 0; flat < shape.size(); flat++) {
        Ix[] index = Ix.unflatten(shape, flat);
        out.forLanes(perRow, () -> assign(id, index, out.reads.elementExpression(id, index)));
      }
      return;
    }
    if (out.simd && out.graph.node(id).op() == Op.TANH && new VectorWriter(out).bulkTanh(id)) {
      return;
    }
    nest(shape, (index, v) -> out.perLane(perRow, () -> {
      JavaExpr value = out.reads.vectorElement(id, index, v);
      if (value == null) {
        return null;
      }
      out.fields.scratch(id, out.block() * shape.size());
      return VectorSyntax.store(value, out.names.scratch(id), out.reads.scratchIndex(id, index));
    }), index -> out.forLanes(perRow, () -> assign(id, index, out.reads.elementExpression(id, index))));
  }

  /** Element {@code index} of value {@code id} is {@code expression}: into its local, or its scratch array. */
  void assign(int id, Ix[] index, JavaExpr expression) {
    Shape shape = out.graph.node(id).shape();
    if (out.storage.local(id)) {
      out.statement("double $N = $L", out.reads.localName(id, Ix.flatten(shape, index).value()), expression.code());
    } else {
      out.fields.scratch(id, out.block() * shape.size());
      out.statement("$N[$L] = $L", out.names.scratch(id), out.reads.scratchIndex(id, index).code(),
          expression.code());
    }
  }

  /**
   * A rolled nest over {@code shape} whose innermost loop takes {@value VectorSyntax#LANES} elements
   * a step where {@code vector} has statements for it (SIMD only), then the elements past the last
   * whole vector, and every element of a nest without vector statements, as {@code scalar} writes
   * them.
   */
  void nest(Shape shape, VectorStatements vector, ScalarBody scalar) {
    int rank = shape.rank();
    Ix[] index = new Ix[rank];
    for (int axis = 0; axis < rank; axis++) {
      index[axis] = Ix.variable(out.names.loop(axis));
    }
    List<CodeBlock> statements =
        out.simd && rank > 0 && shape.dim(rank - 1) >= VectorSyntax.LANES ? vector.at(index, index[rank - 1]) : null;
    if (statements == null) {
      scalar.write(openLoops(shape));
      closeLoops(shape);
      return;
    }
    out.fields.useDoubleSpecies();
    for (int axis = 0; axis < rank - 1; axis++) {
      out.loop(index[axis].code(), shape.dim(axis));
    }
    String v = index[rank - 1].code();
    int dim = shape.dim(rank - 1);
    int whole = dim - dim % VectorSyntax.LANES;
    out.begin("for (int $N = 0; $N < $L; $N += $L)", v, v, whole, v, VectorSyntax.LANES);
    for (CodeBlock statement : statements) {
      out.statement(statement);
    }
    out.end();
    if (whole < dim) {
      out.begin("for (int $N = $L; $N < $L; $N++)", v, whole, v, dim, v);
      scalar.write(index);
      out.end();
    }
    for (int axis = 0; axis < rank - 1; axis++) {
      out.end();
    }
  }

  /** Opens one loop per axis of {@code shape} and returns the index they run over. */
  Ix[] openLoops(Shape shape) {
    Ix[] index = new Ix[shape.rank()];
    for (int axis = 0; axis < shape.rank(); axis++) {
      String variable = out.names.loop(axis);
      out.loop(variable, shape.dim(axis));
      index[axis] = Ix.variable(variable);
    }
    return index;
  }

  void closeLoops(Shape shape) {
    for (int axis = 0; axis < shape.rank(); axis++) {
      out.end();
    }
  }
}
