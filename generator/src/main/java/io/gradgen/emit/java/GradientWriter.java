package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.ParamSlot;
import java.util.List;

/**
 * The gradient sums over the rows: a small gradient in locals ({@code sum_d_w_0_0}), declared
 * before the row loop and added into {@code g} once after it; a large one straight into {@code g}
 * from inside the loop, in a rolled nest (with SIMD, four elements a step), its per-row value
 * computed right there where the plan inlines it. Every row of a block adds its term in row order,
 * as {@link Emission#addRows} does, so the sums are those of the one-row loop, bit for bit.
 *
 * <pre>
 * sum_d_w_0_0 += v15_0;                      (in the row loop)
 * g[0] += sum_d_w_0_0;                       (after it)
 * for (int i = 0; i &lt; 64; i++) { for (int j = 0; j &lt; 32; j++) { g[i * 32 + j] += (d_h[i] * x[j]); } }
 * </pre>
 */
final class GradientWriter {
  private final Emission out;
  private final NestWriter nests;

  GradientWriter(Emission out, NestWriter nests) {
    this.out = out;
    this.nests = nests;
  }

  /** The locals of the small gradients' sums, before the row loop. */
  void declare() {
    for (ParamSlot slot : out.plan.trainedParams()) {
      if (out.plan.sumsInLocals(gradient(slot))) {
        for (int flat = 0; flat < slot.size(); flat++) {
          out.statement("double $N = 0.0", out.names.accumulator(slot, flat));
        }
      }
    }
  }

  /** The rows' contributions, inside the row loop (or, without data, for the one row). */
  void accumulate() {
    for (ParamSlot slot : out.plan.trainedParams()) {
      int gradient = gradient(slot);
      Shape shape = out.graph.node(gradient).shape();
      if (out.plan.sumsInLocals(gradient)) {
        for (int flat = 0; flat < slot.size(); flat++) {
          Ix[] index = Ix.unflatten(shape, flat);
          JavaExpr target = out.plan.hasRows()
              ? JavaExpr.name(out.names.accumulator(slot, flat))
              : gradientElement(Ix.of(slot.offset() + flat));
          out.addRows(target, () -> out.reads.access(gradient, index));
        }
        continue;
      }
      boolean inlined = out.plan.inlined(gradient);
      nests.nest(shape, (index, v) -> {
        List<JavaExpr> terms = out.perLane(true, () -> inlined
            ? out.reads.vectorElement(gradient, index, v)
            : out.reads.vectorRead(gradient, index, v));
        if (terms == null) {
          return null;
        }
        Ix at = Ix.flatten(shape, index).plus(slot.offset());
        CodeBlock.Builder sum = CodeBlock.builder().add("$L", out.reads.load(out.names.gradient(), at, false).code());
        terms.forEach(term -> sum.add(".add($L)", term.code()));
        return List.of(VectorSyntax.store(new JavaExpr(sum.build(), false), out.names.gradient(), at));
      }, index -> out.addRows(gradientElement(Ix.flatten(shape, index).plus(slot.offset())),
          () -> inlined ? out.reads.elementExpression(gradient, index) : out.reads.access(gradient, index)));
    }
  }

  /** The small gradients' sums added into {@code g}, after the row loop. */
  void flush() {
    for (ParamSlot slot : out.plan.trainedParams()) {
      if (out.plan.sumsInLocals(gradient(slot))) {
        for (int flat = 0; flat < slot.size(); flat++) {
          out.statement("$N[$L] += $N", out.names.gradient(), slot.offset() + flat, out.names.accumulator(slot, flat));
        }
      }
    }
  }

  private int gradient(ParamSlot slot) {
    return out.graph.gradients().get(slot.name());
  }

  private JavaExpr gradientElement(Ix at) {
    return new JavaExpr(CodeBlock.of("$N[$L]", out.names.gradient(), at.code()), at.plain());
  }
}
