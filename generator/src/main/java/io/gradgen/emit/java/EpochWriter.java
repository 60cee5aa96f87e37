package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.ParamSlot;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code sgdEpoch}, a small model's whole epoch of plain-SGD steps in one call: for each
 * batch, {@code lossAndGradient}'s body (values and sums in locals, the current params too, carried
 * from step to step in {@code cur_…} and stored into the array after each step), then what the
 * trainer does with its result, in its order: the gradient as the zeroed array it adds into holds
 * it ({@code 0.0 + sum}), divided by the batch's rows for a mean over two or more, the step {@code p
 * + (−lr)·g} ({@code Sgd}), and the check that loss, gradient and new params are all finite ({@code
 * x − x} is 0 exactly for a finite {@code x}, NaN otherwise), before the new params are stored (as
 * float in an f32 kernel, as its objective rounds them). So an epoch here is bit for bit the
 * trainer's epoch of steps.
 *
 * <pre>
 * for (int from = 0; from &lt; rows; from += batch) {
 *   … lossAndGradient's body over rows [from, to), rows read through order …
 *   double grad_w_0_0 = 0.0 + sum_d_w_0_0;  …  if (mean &amp;&amp; count &gt; 1) { grad_w_0_0 = grad_w_0_0 / count; … }
 *   double next_w_0_0 = cur_w_0_0 + -lr * grad_w_0_0;  …
 *   if ((lossSum - lossSum) + (grad_w_0_0 - grad_w_0_0) + … != 0.0) { break; }
 *   cur_w_0_0 = next_w_0_0;  p[0] = cur_w_0_0;  …
 * }
 * </pre>
 */
final class EpochWriter {
  private final Emission out;
  private final MethodWriter method;
  private final GradientWriter gradients;

  EpochWriter(Emission out, MethodWriter method, GradientWriter gradients) {
    this.out = out;
    this.method = method;
    this.gradients = gradients;
  }

  void write() {
    JavaNames names = out.names;
    int count = out.plan.layout().parameterCount();
    out.statement("double $N = 0.0", names.epochTotal());
    out.statement("int $N = 0", names.steps());
    for (int i = 0; i < count; i++) {
      CodeBlock param = CodeBlock.of("$N[$L]", names.param(), i);
      out.statement("double $N = $L", names.currentParam(i), out.kernel.isFloat() ? CodeBlock.of("(double) $L", param) : param);
    }
    out.reads.readParamsFromLocals();
    out.begin("for (int $N = 0; $N < $N; $N += $N)", names.from(), names.from(), names.rows(), names.from(), names.batch());
    out.statement("int $N = $T.min($N + $N, $N)", names.to(), Math.class, names.from(), names.batch(), names.rows());
    out.statement("double $N = 0.0", names.lossSum());
    method.widenParams();
    method.computeAll(false);
    if (out.plan.hasRows()) {
      gradients.declare();
      out.begin("for (int $N = $N; $N < $N; $N++)", names.row(), names.from(), names.row(), names.to(), names.row());
      method.rowBody(true);
      out.end();
    } else {
      out.section();
      out.addRows(JavaExpr.name(names.lossSum()), () -> out.reads.access(out.graph.loss()));
    }
    out.section();
    out.statement("int $N = $N - $N", names.count(), names.to(), names.from());
    List<String> stepGradients = new ArrayList<>();
    for (ParamSlot slot : out.plan.layout().params()) {
      int gradient = out.graph.gradients().get(slot.name());
      boolean zero = out.graph.node(gradient).isConstant(0);
      Shape shape = out.graph.node(gradient).shape();
      for (int flat = 0; flat < slot.size(); flat++) {
        String name = names.stepGradient(slot.offset() + flat);
        stepGradients.add(name);
        if (zero) {
          out.statement("double $N = 0.0", name);
        } else if (out.plan.hasRows()) {
          out.statement("double $N = 0.0 + $N", name, names.accumulator(slot, flat));
        } else {
          out.statement("double $N = 0.0 + $L", name, out.reads.access(gradient, Ix.unflatten(shape, flat)).code());
        }
      }
    }
    out.begin("if ($N && $N > 1)", names.mean(), names.count());
    for (String gradient : stepGradients) {
      out.statement("$N = $N / $N", gradient, gradient, names.count());
    }
    out.end();
    List<String> nexts = new ArrayList<>();
    for (int i = 0; i < stepGradients.size(); i++) {
      String next = names.stepParam(i);
      nexts.add(next);
      out.statement("double $N = $N + -$N * $N", next, names.currentParam(i), names.lr(), stepGradients.get(i));
    }
    CodeBlock.Builder finite = CodeBlock.builder().add("($N - $N)", names.lossSum(), names.lossSum());
    for (String value : stepGradients) {
      finite.add(" + ($N - $N)", value, value);
    }
    for (String value : nexts) {
      finite.add(" + ($N - $N)", value, value);
    }
    out.begin("if ($L != 0.0)", finite.build());
    out.statement("break");
    out.end();
    for (int i = 0; i < nexts.size(); i++) {
      String current = names.currentParam(i);
      if (out.kernel.isFloat()) {
        out.statement("$N = (double) (float) $N", current, nexts.get(i));
        out.statement("$N[$L] = (float) $N", names.param(), i, current);
      } else {
        out.statement("$N = $N", current, nexts.get(i));
        out.statement("$N[$L] = $N", names.param(), i, current);
      }
    }
    out.statement("$N += $N", names.epochTotal(), names.lossSum());
    out.statement("$N++", names.steps());
    out.end();
    out.statement("$N[0] = $N", names.epochLoss(), names.epochTotal());
    out.statement("return $N", names.steps());
  }
}
