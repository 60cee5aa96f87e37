package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Node;
import io.gradgen.ir.Shape;
import io.gradgen.plan.Method;
import io.gradgen.plan.MethodPlan;

/**
 * Writes the body of one kernel method as its {@link MethodPlan} says: the values that depend only
 * on params first, then one loop over the rows computing the rest and adding each row's loss (and
 * gradient) to the sums. Each value is computed by one loop nest ({@link NestWriter}, {@link
 * SumWriter}); {@link ElementReader} gives the Java expression for any element of any value,
 * reading through views instead of copying; {@link GradientWriter} sums the gradients; {@link
 * EpochWriter} writes a small model's {@code epoch}.
 *
 * <p>{@code lossAndGradient} and {@code loss} take the rows in blocks of the plan's row block, then
 * the remaining rows one at a time. Every statement of a per-row value is written once per row of
 * the block inside the same loop nest ({@code h_s0 += p[…] * d[r + k]; h_s0_r1 += p[…] * d[r_r1 +
 * k]; …}), so each param element loaded serves the whole block and the rows' sums are independent
 * chains; the copies of per-row locals take the suffix {@code _r1}, {@code _r2}…, and row {@code b}
 * of a scratch array sits at {@code b × size}. Each row's value is the same expression as alone, and
 * the rows are added to the loss and gradient sums in row order ({@link Emission#addRows}), so a
 * blocked kernel's results are bit for bit those of the one-row loop, whatever the row range.
 *
 * <p>A model without data has one row, the same whatever its index ({@code Dataset.none()}): its
 * methods compute it once, with no row loop, when {@code [from, to)} is not empty.
 *
 * <p>With SIMD (the JDK's Vector API) the long sums keep their four partial sums in one vector, and
 * the innermost loop of an elementwise nest or a gradient accumulation takes four elements a step,
 * wherever every operand is a broadcast or four consecutive array elements and the op has an exact
 * lane-wise twin ({@link VectorSyntax}); everything else stays scalar. Each lane computes what the
 * scalar code computes, so a SIMD kernel's bits are its scalar twin's.
 *
 * <pre>
 * double lossSum = 0.0;
 * double w_0_0 = p[0]; …                      values of the params alone
 * for (int row = from; row &lt; to; row++) {
 *   int r = row * 5;
 *   double x_0 = d[r]; …  double loss = …;     one row's values
 *   lossSum += loss;  sum_d_w_0_0 += …;
 * }
 * g[0] += sum_d_w_0_0; …
 * return lossSum;
 * </pre>
 */
final class MethodWriter {
  private final Emission out;
  private final NestWriter nests;
  private final SumWriter sums;
  private final GradientWriter gradients;

  MethodWriter(Emission out) {
    this.out = out;
    this.nests = new NestWriter(out);
    this.sums = new SumWriter(out, nests);
    this.gradients = new GradientWriter(out, nests);
  }

  /**
   * The body of the method {@code plan} plans, naming through {@code names} and declaring what it
   * needs in {@code fields}; SIMD where {@code simd} (never in {@code epoch}), comments quoting
   * the model where {@code comments}.
   */
  static CodeBlock write(MethodPlan plan, JavaNames names, ClassFields fields, boolean simd, boolean comments) {
    Emission out = new Emission(plan, names, fields, simd && plan.method() != Method.EPOCH, comments);
    MethodWriter writer = new MethodWriter(out);
    switch (plan.method()) {
      case EPOCH -> new EpochWriter(out, writer, writer.gradients).write();
      case PREDICT -> writer.writePredict();
      default -> writer.writeSums();
    }
    return out.build();
  }

  private void writePredict() {
    if (out.plan.hasRows()) {
      out.statement("int $N = $N * $L", out.names.rowOffset(0), out.names.row(), out.kernel.rowWidth());
    }
    computeAll(false);
    computeAll(true);
    writeOutput();
  }

  /** {@code lossAndGradient} and {@code loss}. */
  private void writeSums() {
    boolean trains = out.plan.method().trains();
    if (!out.plan.hasRows()) {
      out.begin("if ($N >= $N)", out.names.from(), out.names.to());
      out.statement("return 0.0");
      out.end();
    }
    out.statement("double $N = 0.0", out.names.lossSum());
    widenParams();
    computeAll(false);
    if (!out.plan.hasRows()) {
      addLossAndGradient();
      out.statement("return $N", out.names.lossSum());
      return;
    }
    if (trains) {
      gradients.declare();
    }
    int rowBlock = out.plan.rowBlock();
    String row = out.names.row();
    if (rowBlock > 1) {
      out.statement("int $N = $N", row, out.names.from());
      out.begin("for (; $N <= $N - $L; $N += $L)", row, out.names.to(), rowBlock, row, rowBlock);
      out.setBlock(rowBlock);
      rowBody(false);
      out.setBlock(1);
      out.end();
      out.begin("for (; $N < $N; $N++)", row, out.names.to(), row);
    } else {
      out.begin("for (int $N = $N; $N < $N; $N++)", row, out.names.from(), row, out.names.to(), row);
    }
    rowBody(false);
    out.end();
    if (trains) {
      out.section();
      gradients.flush();
    }
    out.statement("return $N", out.names.lossSum());
  }

  /**
   * One iteration of the row loop: its rows' offsets into the data, their values, their loss and
   * gradient added to the sums. {@code ordered}: the rows are read through the epoch's order.
   */
  void rowBody(boolean ordered) {
    out.section();
    String offset = out.names.rowOffset(0);
    int width = out.kernel.rowWidth();
    if (ordered) {
      String order = out.names.order();
      out.statement("int $N = ($N == null ? $N : $N[$N]) * $L", offset, order, out.names.row(), order,
          out.names.row(), width);
    } else {
      out.statement("int $N = $N * $L", offset, out.names.row(), width);
    }
    for (int b = 1; b < out.block(); b++) {
      out.statement("int $N = $N + $L", out.names.rowOffset(b), offset, b * width);
    }
    computeAll(true);
    addLossAndGradient();
  }

  /** The loss of the rows being written added to {@code lossSum}, and their gradient to the gradient sums. */
  private void addLossAndGradient() {
    out.section();
    out.addRows(JavaExpr.name(out.names.lossSum()), () -> out.reads.access(out.graph.loss()));
    if (out.plan.method().trains()) {
      gradients.accumulate();
    }
  }

  /**
   * An f32 kernel whose rolled loops read params widens them all to double once per call, so that
   * the loops convert only the data.
   */
  void widenParams() {
    if (!out.plan.widensParams()) {
      return;
    }
    int count = out.plan.layout().parameterCount();
    out.fields.widenedParams(count);
    String i = out.names.loop(0);
    out.loop(i, count);
    out.statement("$N[$N] = $N[$N]", out.names.widenedParams(), i, out.names.param(), i);
    out.end();
    out.reads.widenParams();
  }

  /** Every value the plan computes before the row loop ({@code perRow} false) or in it. */
  void computeAll(boolean perRow) {
    for (int id = 0; id < out.graph.size(); id++) {
      if (out.storage.live(id) && out.storage.perRow(id) == perRow && !out.plan.inlined(id)) {
        out.from(id);
        compute(id);
      }
    }
    out.section();
  }

  /** One value, by one loop nest; leaves into locals where the plan keeps them there. */
  private void compute(int id) {
    Node node = out.graph.node(id);
    switch (node.op()) {
      case PARAM, INPUT -> {
        if (out.storage.local(id)) {
          for (int flat = 0; flat < node.shape().size(); flat++) {
            int element = flat;
            out.forLanes(out.storage.perRow(id), () -> out.statement("double $N = $L",
                out.reads.localName(id, element), out.reads.leafArrayElement(id, Ix.of(element)).code()));
          }
        } else if (out.simd && out.kernel.isFloat() && node.op() == io.gradgen.ir.Op.INPUT
            && node.shape().size() >= VectorSyntax.LANES) {
          new VectorWriter(out).widenInput(id);
        }
      }
      case CONSTANT, BROADCAST, TRANSPOSE, INDEX, INDEX_ADJOINT, ONE_HOT -> {
        // Literals and views: read where they are used.
      }
      case SUM -> sums.reduce(id, false);
      case NORM -> sums.reduce(id, true);
      case MATMUL -> sums.matmul(id);
      case LOGSUMEXP -> sums.logsumexp(id);
      default -> nests.elementwise(id);
    }
  }

  /** {@code predict}'s result: the output's elements into {@code out}. */
  private void writeOutput() {
    int output = out.graph.output();
    Shape shape = out.graph.node(output).shape();
    out.section();
    if (shape.size() <= out.plan.budget()) {
      for (int flat = 0; flat < shape.size(); flat++) {
        out.statement("$N[$L] = $L", out.names.output(), flat, out.reads.access(output, Ix.unflatten(shape, flat)).code());
      }
    } else {
      Ix[] index = nests.openLoops(shape);
      out.statement("$N[$L] = $L", out.names.output(), Ix.flatten(shape, index).code(),
          out.reads.access(output, index).code());
      nests.closeLoops(shape);
    }
  }
}
