package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The values that sum: {@code sum}, {@code norm}, {@code logsumexp} and the matrix product in its
 * four shapes, each one nest with the output indices outside and the inner sum inside.
 *
 * <p>A sum of {@value #SPLIT_FROM} or more terms (a dot product, a matrix row, {@code sum}, {@code
 * norm}) is kept as {@value #LANES} independent partial sums, lane {@code l} taking the terms {@code
 * k ≡ l (mod 4)} in order, finished as {@code (l0 + l1) + (l2 + l3)}: one chain of 32 dependent
 * additions waits on the adder's latency at each step, four chains keep it busy. Rolled and
 * unrolled sums split the same way, and a SIMD kernel keeps the four lanes in one vector ({@link
 * VectorWriter#vectorSum}), so all of them give the same bits, and so does constant folding ({@code
 * io.gradgen.ir.Evaluator}), but for a sum whose every term is −0.0: written out it starts from its
 * first term and is −0.0, rolled it starts from 0.0 and is 0.0 (IEEE's {@code 0.0 + −0.0}).
 *
 * <pre>
 * unrolled, 3 terms:  double v4_0 = w_0_0 * x_0 + w_0_1 * x_1 + w_0_2 * x_2;
 * rolled, 32 terms:   double h_s0 = 0.0; … for (k = 0; k &lt; 32; k += 4) { h_s0 += p[i * 32 + k] * x[k]; … }
 *                     h[i] = (h_s0 + h_s1) + (h_s2 + h_s3);
 * </pre>
 */
final class SumWriter {
  static final int LANES = VectorSyntax.LANES;
  static final int SPLIT_FROM = 8;

  private final Emission out;
  private final NestWriter nests;

  SumWriter(Emission out, NestWriter nests) {
    this.out = out;
    this.nests = nests;
  }

  interface Term {
    JavaExpr at(Ix k);
  }

  /** sum, or norm ({@code squared} terms, then the square root). */
  void reduce(int id, boolean squared) {
    int operand = out.graph.node(id).input(0);
    Shape shape = out.graph.node(operand).shape();
    boolean perRow = out.storage.perRow(id);
    if (out.storage.unrolled(id)) {
      out.forLanes(perRow, () -> {
        JavaExpr sum = unrolledSum(shape.size(), k -> term(operand, Ix.unflatten(shape, k.value()), squared));
        finish(id, sum, squared);
      });
      return;
    }
    rolledSum(id, shape.size(), perRow, k -> term(operand, Ix.unflatten(shape, k), squared), k -> {
      JavaExpr element = shape.rank() <= 1 ? out.reads.vectorRead(operand, Ix.unflatten(shape, k), k) : null;
      return element == null || !squared ? element : out.vectors.binary(Op.MUL, element, element);
    });
    out.forLanes(perRow, () -> finish(id, finishSum(id, shape.size()), squared));
  }

  private JavaExpr term(int operand, Ix[] index, boolean squared) {
    JavaExpr element = out.reads.access(operand, index);
    return squared ? JavaExpr.compound("$L * $L", element.code(), element.code()) : element;
  }

  private void finish(int id, JavaExpr sum, boolean root) {
    String name = out.reads.localName(id, 0);
    if (root) {
      out.statement("double $N = $T.sqrt($L)", name, Math.class, sum.code());
    } else {
      out.statement("double $N = $L", name, sum.code());
    }
  }

  /** {@code log Σ exp(x)}, shifted by the maximum so that no term overflows. */
  void logsumexp(int id) {
    int operand = out.graph.node(id).input(0);
    Shape shape = out.graph.node(operand).shape();
    boolean perRow = out.storage.perRow(id);
    if (out.storage.unrolled(id)) {
      out.forLanes(perRow, () -> {
        String max = out.names.logsumexpMax(id, out.reads.lane());
        CodeBlock maximum = JavaSyntax.literal(Double.NEGATIVE_INFINITY).code();
        List<CodeBlock> exponentials = new ArrayList<>();
        for (int flat = 0; flat < shape.size(); flat++) {
          CodeBlock element = out.reads.access(operand, Ix.unflatten(shape, flat)).code();
          maximum = CodeBlock.of("$T.max($L, $L)", Math.class, maximum, element);
          exponentials.add(CodeBlock.of("$T.exp($L - $N)", Math.class, element, max));
        }
        out.statement("double $N = $L", max, maximum);
        out.statement("double $N = $L", out.names.logsumexpSum(id, out.reads.lane()),
            CodeBlock.join(exponentials, " + "));
      });
    } else {
      out.forLanes(perRow, () ->
          out.statement("double $N = $T.NEGATIVE_INFINITY", out.names.logsumexpMax(id, out.reads.lane()), Double.class));
      Ix[] index = nests.openLoops(shape);
      out.forLanes(perRow, () -> {
        String max = out.names.logsumexpMax(id, out.reads.lane());
        out.statement("$N = $T.max($N, $L)", max, Math.class, max, out.reads.access(operand, index).code());
      });
      nests.closeLoops(shape);
      out.forLanes(perRow, () -> out.statement("double $N = 0.0", out.names.logsumexpSum(id, out.reads.lane())));
      Ix[] again = nests.openLoops(shape);
      out.forLanes(perRow, () -> out.statement("$N += $T.exp($L - $N)", out.names.logsumexpSum(id, out.reads.lane()),
          Math.class, out.reads.access(operand, again).code(), out.names.logsumexpMax(id, out.reads.lane())));
      nests.closeLoops(shape);
    }
    out.forLanes(perRow, () -> {
      String max = out.names.logsumexpMax(id, out.reads.lane());
      out.statement("double $N = $T.isInfinite($N) ? $N : $N + $T.log($N)", out.reads.localName(id, 0),
          Double.class, max, max, max, Math.class, out.names.logsumexpSum(id, out.reads.lane()));
    });
  }

  /** The four shapes of the product, one nest: output indices outside, the inner sum inside. */
  void matmul(int id) {
    Node node = out.graph.node(id);
    int a = node.input(0);
    int b = node.input(1);
    Shape sa = out.graph.node(a).shape();
    Shape sb = out.graph.node(b).shape();
    Shape shape = node.shape();
    int inner = sa.dim(sa.rank() - 1);
    boolean perRow = out.storage.perRow(id);
    if (out.storage.unrolled(id)) {
      for (int flat = 0; flat < shape.size(); flat++) {
        Ix[] index = Ix.unflatten(shape, flat);
        out.forLanes(perRow, () -> nests.assign(id, index, unrolledSum(inner, k -> product(a, b, sa, sb, index, k))));
      }
      return;
    }
    Ix[] index = nests.openLoops(shape);
    rolledSum(id, inner, perRow, k -> product(a, b, sa, sb, index, k), k -> {
      JavaExpr left = out.reads.vectorRead(a, operandIndex(sa, sb, index, k, true), k);
      JavaExpr right = out.reads.vectorRead(b, operandIndex(sa, sb, index, k, false), k);
      return left == null || right == null ? null : out.vectors.binary(Op.MUL, left, right);
    });
    out.forLanes(perRow, () -> nests.assign(id, index, finishSum(id, inner)));
    nests.closeLoops(shape);
  }

  private JavaExpr product(int a, int b, Shape sa, Shape sb, Ix[] index, Ix k) {
    return JavaExpr.compound("$L * $L", out.reads.access(a, operandIndex(sa, sb, index, k, true)).code(),
        out.reads.access(b, operandIndex(sa, sb, index, k, false)).code());
  }

  /** The index into the left ({@code left}) or right operand for output {@code index}, inner k. */
  private static Ix[] operandIndex(Shape sa, Shape sb, Ix[] index, Ix k, boolean left) {
    if (left) {
      return sa.rank() == 2 ? new Ix[] {index[0], k} : new Ix[] {k};
    }
    if (sb.rank() == 1) {
      return new Ix[] {k};
    }
    return new Ix[] {k, index[index.length - 1]};
  }

  /** Σ term(k) for k in [0, n), written out, split into lanes when long (see the class doc). */
  static JavaExpr unrolledSum(int n, Term term) {
    if (n < SPLIT_FROM) {
      List<CodeBlock> terms = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        terms.add(term.at(Ix.of(k)).code());
      }
      return new JavaExpr(CodeBlock.join(terms, " + "), n == 1 && term.at(Ix.of(0)).atomic());
    }
    CodeBlock[] lanes = new CodeBlock[LANES];
    for (int lane = 0; lane < LANES; lane++) {
      List<CodeBlock> terms = new ArrayList<>();
      for (int k = lane; k < n; k += LANES) {
        terms.add(term.at(Ix.of(k)).code());
      }
      lanes[lane] = CodeBlock.of("($L)", CodeBlock.join(terms, " + "));
    }
    return JavaExpr.compound("($L + $L) + ($L + $L)", lanes[0], lanes[1], lanes[2], lanes[3]);
  }

  /**
   * Σ term(k) for k in [0, n) as a rolled loop over {@code k}, into partial-sum locals declared
   * here, for each row of the block when {@code perRow}; {@link #finishSum} then gives the
   * expression that finishes one row's sum.
   */
  void rolledSum(int id, int n, boolean perRow, Term term, Term vectorTerm) {
    String k = out.names.loop(2);
    Ix kk = Ix.variable(k);
    int parts = n < SPLIT_FROM ? 1 : LANES;
    int whole = n - n % parts;
    if (!(out.simd && parts == LANES && new VectorWriter(out).vectorSum(id, n, perRow, vectorTerm))) {
      for (int part = 0; part < parts; part++) {
        int l = part;
        out.forLanes(perRow, () -> out.statement("double $N = 0.0", out.names.partialSum(id, l, out.reads.lane())));
      }
      if (parts == 1) {
        out.loop(k, n);
      } else {
        out.begin("for (int $N = 0; $N < $L; $N += $L)", k, k, whole, k, LANES);
      }
      for (int part = 0; part < parts; part++) {
        int l = part;
        Ix at = kk.plus(part);
        out.forLanes(perRow, () ->
            out.statement("$N += $L", out.names.partialSum(id, l, out.reads.lane()), term.at(at).code()));
      }
      out.end();
    }
    for (int k2 = whole; k2 < n; k2++) {
      int l = k2 - whole;
      Ix at = Ix.of(k2);
      out.forLanes(perRow, () ->
          out.statement("$N += $L", out.names.partialSum(id, l, out.reads.lane()), term.at(at).code()));
    }
  }

  /** The expression finishing the current lane's sum from {@link #rolledSum}. */
  JavaExpr finishSum(int id, int n) {
    int lane = out.reads.lane();
    if (n < SPLIT_FROM) {
      return JavaExpr.name(out.names.partialSum(id, 0, lane));
    }
    return JavaExpr.compound("($N + $N) + ($N + $N)", out.names.partialSum(id, 0, lane),
        out.names.partialSum(id, 1, lane), out.names.partialSum(id, 2, lane), out.names.partialSum(id, 3, lane));
  }
}
