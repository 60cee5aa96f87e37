package io.gradgen.emit.java;

import io.gradgen.ir.Node;
import io.gradgen.plan.StoragePlan;
import java.util.Arrays;
import java.util.List;

/**
 * The code only SIMD kernels have: sums whose four partial sums are the lanes of one vector, a
 * whole value's {@code tanh} as one call per row, and an f32 row's floats widened into doubles four
 * at a time. Each computes exactly the scalar kernel's bits (see {@link VectorSyntax}).
 *
 * <pre>
 * DoubleVector h_sv = DoubleVector.zero(D4);
 * for (int k = 0; k &lt; 32; k += 4) { h_sv = h_sv.add(DoubleVector.fromArray(D4, p, i * 32 + k).mul(…)); }
 * double h_s0 = h_sv.lane(0); …
 * </pre>
 */
final class VectorWriter {
  private static final int LANES = VectorSyntax.LANES;

  private final Emission out;

  VectorWriter(Emission out) {
    this.out = out;
  }

  /**
   * {@link SumWriter#rolledSum}'s partial sums and loop with one vector of {@value #LANES} partial
   * sums per row: lane {@code l} adds the terms {@code k ≡ l (mod 4)} in the order the scalar lane
   * {@code l} does, so the lanes end with the scalar partial sums' bits; they are then read out into
   * the partial-sum locals, to which the caller adds the terms past the last whole vector. False,
   * having written nothing, where a term has no vector form.
   */
  boolean vectorSum(int id, int n, boolean perRow, SumWriter.Term vectorTerm) {
    String k = out.names.loop(2);
    Ix kk = Ix.variable(k);
    List<JavaExpr> terms = vectorTerm == null ? null : out.perLane(perRow, () -> vectorTerm.at(kk));
    if (terms == null) {
      return false;
    }
    out.fields.useDoubleSpecies();
    out.forLanes(perRow, () -> out.statement("$T $N = $L", VectorSyntax.DOUBLE_VECTOR,
        out.names.vectorSum(id, out.reads.lane()), out.vectors.zero().code()));
    int whole = n - n % LANES;
    out.begin("for (int $N = 0; $N < $L; $N += $L)", k, k, whole, k, LANES);
    for (int b = 0; b < terms.size(); b++) {
      String vector = out.names.vectorSum(id, b);
      out.statement("$N = $N.add($L)", vector, vector, terms.get(b).code());
    }
    out.end();
    for (int part = 0; part < LANES; part++) {
      int l = part;
      out.forLanes(perRow, () -> out.statement("double $N = $L", out.names.partialSum(id, l, out.reads.lane()),
          VectorSyntax.lane(out.names.vectorSum(id, out.reads.lane()), l).code()));
    }
    return true;
  }

  /**
   * {@code tanh} of a whole value held in a double array, into scratch, as one call per row of
   * {@code VectorFunctions.tanh}, which gives {@code Functions.tanh}'s bits. False, having written
   * nothing, where the operand is a view, in locals, or floats.
   */
  boolean bulkTanh(int id) {
    Node node = out.graph.node(id);
    int operand = node.input(0);
    if (StoragePlan.isView(out.graph.node(operand).op()) || out.storage.local(operand)) {
      return false;
    }
    Ix[] start = new Ix[node.shape().rank()];
    Arrays.fill(start, Ix.of(0));
    if (out.reads.slot(operand, start).floats()) {
      return false;
    }
    int size = node.shape().size();
    out.fields.scratch(id, out.block() * size);
    out.forLanes(out.storage.perRow(id), () -> {
      ElementReader.Slot from = out.reads.slot(operand, start);
      out.statement("$T.tanh($N, $L, $N, $L, $L)", VectorSyntax.FUNCTIONS, from.array(), from.index().code(),
          out.names.scratch(id), out.reads.scratchIndex(id, start).code(), size);
    });
    return true;
  }

  /**
   * A SIMD f32 kernel copies each row's floats that its loops read into doubles once, four at a
   * time, so that a matrix–vector product does not widen the same floats once per output row; the
   * loops then read the copy (the widening is exact: the same bits as {@code (double) d[…]}).
   */
  void widenInput(int id) {
    int size = out.graph.node(id).shape().size();
    int whole = size - size % LANES;
    String i = out.names.loop(0);
    Ix at = Ix.variable(i);
    out.fields.scratch(id, out.block() * size);
    out.fields.useDoubleSpecies();
    out.fields.useFloatSpecies();
    out.forLanes(true, () -> {
      ElementReader.Slot from = out.reads.dataSlot(id, at);
      Ix into = at.plus(out.reads.lane() * size);
      out.begin("for (int $N = 0; $N < $L; $N += $L)", i, i, whole, i, LANES);
      out.statement(VectorSyntax.store(out.vectors.load(from.array(), from.index(), true), out.names.scratch(id), into));
      out.end();
      if (whole < size) {
        out.begin("for (int $N = $L; $N < $L; $N++)", i, whole, i, size, i);
        out.statement("$N[$L] = (double) $N[$L]", out.names.scratch(id), into.code(), from.array(), from.index().code());
        out.end();
      }
    });
    out.reads.widenInput(id);
  }
}
