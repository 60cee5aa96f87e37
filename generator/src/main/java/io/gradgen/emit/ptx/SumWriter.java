package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import java.util.function.Function;

/**
 * The values that sum: {@code sum}, {@code norm}, {@code logsumexp} and the matrix product in its
 * four shapes, each one nest with the output indices outside and the inner sum inside. A sum adds
 * its terms in index order into one register: unrolled, it starts from its first term (as the Java
 * kernel's short sums do); rolled, from 0. The Java kernel splits long sums into four partial sums,
 * so long sums differ from it in their last bits (within the agreement tests' 1e-12).
 *
 * <pre>
 * unrolled, 3 terms:  mul.rn.f64 %fd4, %fd1, %fd2;  mul.rn.f64 %fd5, …;  add.rn.f64 %fd7, %fd4, %fd5;  …
 * rolled:             mov.f64 %fd9, 0d0000000000000000;  $L_loop2:  …  add.rn.f64 %fd9, %fd9, %fd11;  …
 * </pre>
 */
final class SumWriter {
  private final KernelEmission out;
  private final NestWriter nests;

  SumWriter(KernelEmission out, NestWriter nests) {
    this.out = out;
    this.nests = nests;
  }

  /** sum, or norm ({@code squared} terms, then the square root). */
  void reduce(int id, boolean squared) {
    int operand = out.graph.node(id).input(0);
    Shape shape = out.graph.node(operand).shape();
    Function<PIndex[], Operand> term = index -> {
      Operand x = out.reads.read(operand, index);
      return squared ? out.ops.binary(Op.MUL, x, x) : x;
    };
    Operand sum = out.storage.unrolled(id) ? unrolledSum(shape, term) : rolledSum(shape, term);
    nests.assign(id, new PIndex[0], squared ? out.ops.unary(Op.SQRT, sum) : sum);
  }

  /** {@code Σ term(index)} over {@code shape}, written out. */
  private Operand unrolledSum(Shape shape, Function<PIndex[], Operand> term) {
    Operand sum = null;
    for (int flat = 0; flat < shape.size(); flat++) {
      Operand t = term.apply(PIndex.unflatten(shape, flat));
      sum = sum == null ? t : out.ops.binary(Op.ADD, sum, t);
    }
    return sum;
  }

  /** {@code Σ term(index)} over {@code shape}, as a rolled nest into one register. */
  private Reg rolledSum(Shape shape, Function<PIndex[], Operand> term) {
    Reg sum = out.asm.mov(out.type, new Real(out.type, 0.0));
    PIndex[] index = nests.open(shape);
    out.asm.add(out.type, sum, sum, term.apply(index));
    nests.close(shape);
    return sum;
  }

  /** {@code log Σ exp(x)}, shifted by the maximum so that no term overflows; the maximum itself where it is infinite. */
  void logsumexp(int id) {
    int operand = out.graph.node(id).input(0);
    Shape shape = out.graph.node(operand).shape();
    Operand max;
    Operand sum;
    if (out.storage.unrolled(id)) {
      max = new Real(out.type, Double.NEGATIVE_INFINITY);
      for (int flat = 0; flat < shape.size(); flat++) {
        max = out.ops.extremum(max, out.reads.read(operand, PIndex.unflatten(shape, flat)), true);
      }
      Operand m = max;
      sum = unrolledSum(shape, index -> out.ops.unary(Op.EXP, out.ops.binary(Op.ADD, out.reads.read(operand, index),
          out.ops.unary(Op.NEG, m))));
    } else {
      Reg running = out.asm.mov(out.type, new Real(out.type, Double.NEGATIVE_INFINITY));
      PIndex[] index = nests.open(shape);
      Operand larger = out.ops.extremum(running, out.reads.read(operand, index), true);
      out.asm.mov(out.type, running, larger);
      nests.close(shape);
      max = running;
      Operand negated = out.ops.unary(Op.NEG, max);
      sum = rolledSum(shape, at -> out.ops.unary(Op.EXP, out.ops.binary(Op.ADD, out.reads.read(operand, at), negated)));
    }
    Operand shifted = out.ops.binary(Op.ADD, max, out.ops.unary(Op.LOG, sum));
    Reg maxReg = out.asm.inReg(out.type, max);
    Reg infinite = out.asm.setp(Cmp.EQ, out.type, out.asm.abs(out.type, maxReg),
        new Real(out.type, Double.POSITIVE_INFINITY));
    nests.assign(id, new PIndex[0], out.asm.selp(out.type, maxReg, shifted, infinite));
  }

  /** The four shapes of the product, one nest: output indices outside, the inner sum inside. */
  void matmul(int id) {
    Node node = out.graph.node(id);
    int a = node.input(0);
    int b = node.input(1);
    Shape sa = out.graph.node(a).shape();
    Shape sb = out.graph.node(b).shape();
    Shape shape = node.shape();
    Shape inner = Shape.vector(sa.dim(sa.rank() - 1));
    if (out.storage.unrolled(id)) {
      for (int flat = 0; flat < shape.size(); flat++) {
        PIndex[] index = PIndex.unflatten(shape, flat);
        nests.assign(id, index, unrolledSum(inner, k -> product(a, b, sa, sb, index, k[0])));
      }
      return;
    }
    PIndex[] index = nests.open(shape);
    nests.assign(id, index, rolledSum(inner, k -> product(a, b, sa, sb, index, k[0])));
    nests.close(shape);
  }

  private Operand product(int a, int b, Shape sa, Shape sb, PIndex[] index, PIndex k) {
    PIndex[] left = sa.rank() == 2 ? new PIndex[] {index[0], k} : new PIndex[] {k};
    PIndex[] right = sb.rank() == 1 ? new PIndex[] {k} : new PIndex[] {k, index[index.length - 1]};
    return out.ops.binary(Op.MUL, out.reads.read(a, left), out.reads.read(b, right));
  }
}
