package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.train.EpochShape;
import io.gradgen.runtime.train.EpochShape.Option;
import io.gradgen.runtime.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code epoch}, a small model's whole epoch of optimizer steps in one call: for each
 * batch, {@code lossAndGradient}'s body (values and sums in locals, the current params and the
 * optimizer's buffers too, carried from step to step and stored after the last), then what the
 * trainer does with its result, in its order: the gradient as the zeroed array it adds into holds
 * it ({@code 0.0 + sum}), divided by the batch's rows for a mean over two or more, clipped to the
 * norm {@code clip_grad_norm_} would give ({@code GradientClip}) where the shape clips, the
 * optimizer's update in its runtime class's operation order ({@code Sgd}, {@code Momentum}, {@code
 * Adam}, {@code AdamW}, {@code RmsProp}), and the check that loss, gradient and new params are all
 * finite ({@code x − x} is 0 exactly for a finite {@code x}, NaN otherwise), before the new params
 * are stored (as float in an f32 kernel, as its objective rounds them). So an epoch here is bit for
 * bit the trainer's epoch of steps; {@code EpochKernelTest} holds every optimizer to it.
 *
 * <pre>
 * for (int from = 0; from &lt; rows; from += batch) {
 *   … lossAndGradient's body over rows [from, to), rows read through order …
 *   double grad_w_0_0 = 0.0 + sum_d_w_0_0;  …  if (mean &amp;&amp; count &gt; 1) { grad_w_0_0 = grad_w_0_0 / count; … }
 *   optimizerStep = optimizerStep + 1;  double stepSize = lr / (1 - Math.pow(beta1, optimizerStep));  …
 *   m_w_0_0 = m_w_0_0 * beta1 + oneMinusBeta1 * grad_w_0_0;  …
 *   double next_w_0_0 = cur_w_0_0 - stepSize * m_w_0_0 / (Math.sqrt(v_w_0_0) / correction2 + eps);  …
 *   if ((lossSum - lossSum) + (grad_w_0_0 - grad_w_0_0) + … != 0.0) { break; }
 *   cur_w_0_0 = next_w_0_0;  p[0] = cur_w_0_0;  …
 * }
 * m[0] = m_w_0_0;  …
 * </pre>
 */
final class EpochWriter {
  private final Emission out;
  private final MethodWriter method;
  private final GradientWriter gradients;
  private final JavaNames names;
  private final EpochShape shape;
  private final int count;

  EpochWriter(Emission out, MethodWriter method, GradientWriter gradients) {
    this.out = out;
    this.method = method;
    this.gradients = gradients;
    this.names = out.names;
    this.shape = out.plan.epochShape();
    this.count = out.plan.layout().parameterCount();
  }

  void write() {
    out.statement("double $N = 0.0", names.epochTotal());
    out.statement("int $N = 0", names.steps());
    for (int i = 0; i < count; i++) {
      CodeBlock param = CodeBlock.of("$N[$L]", names.param(), i);
      out.statement("double $N = $L", names.currentParam(i), out.kernel.isFloat() ? CodeBlock.of("(double) $L", param) : param);
    }
    readSettings();
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
    List<String> stepGradients = batchGradient();
    if (shape.clipped()) {
      clip(stepGradients);
    }
    List<String> nexts = update(stepGradients);
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
    writeBuffersBack();
    out.statement("return $N", names.steps());
  }

  /** The batch's gradient as the trainer's array holds it: summed from zero, then the mean's division. */
  private List<String> batchGradient() {
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
    return stepGradients;
  }

  /** {@code GradientClip.clip}: the whole gradient's L2 norm, in parameter order, down to {@code clip}. */
  private void clip(List<String> stepGradients) {
    String squares = names.setting("sumOfSquares");
    String coefficient = names.setting("coefficient");
    out.statement("double $N = 0.0", squares);
    for (String gradient : stepGradients) {
      out.statement("$N += $N * $N", squares, gradient, gradient);
    }
    out.statement("double $N = $N / ($T.sqrt($N) + 1e-6)", coefficient, names.setting("clip"), Math.class, squares);
    out.begin("if ($N < 1)", coefficient);
    for (String gradient : stepGradients) {
      out.statement("$N = $N * $N", gradient, gradient, coefficient);
    }
    out.end();
  }

  /** The settings the shape's update reads, its step count and its buffers, from the {@code EpochStep}. */
  private void readSettings() {
    String step = names.epochStep();
    String optimizer = names.setting("optimizer");
    out.statement("double $N = $N.lr()", names.lr(), step);
    if (shape.clipped()) {
      out.statement("double $N = $N.clip()", names.setting("clip"), step);
    }
    if (shape.optimizer() == OptimizerSpec.Kind.SGD && !shape.has(Option.WEIGHT_DECAY)) {
      return;
    }
    out.statement("$T $N = $N.optimizer()", OptimizerSpec.class, optimizer, step);
    if (shape.has(Option.WEIGHT_DECAY)) {
      out.statement("double $N = $N.weightDecay()", names.setting("weightDecay"), optimizer);
    }
    if (shape.optimizer() == OptimizerSpec.Kind.SGD) {
      return;
    }
    out.statement("long $N = $N.step()", names.optimizerStep(), step);
    switch (shape.optimizer()) {
      case MOMENTUM -> {
        out.statement("double $N = $N.beta()", names.setting("beta"), optimizer);
        out.statement("boolean $N = $N.nesterov()", names.setting("nesterov"), optimizer);
        if (shape.has(Option.DAMPENING)) {
          out.statement("double $N = 1 - $N.dampening()", names.setting("oneMinusDampening"), optimizer);
        }
      }
      case ADAM, ADAMW -> {
        out.statement("double $N = $N.beta1()", names.setting("beta1"), optimizer);
        out.statement("double $N = $N.beta2()", names.setting("beta2"), optimizer);
        out.statement("double $N = 1 - $N", names.setting("oneMinusBeta1"), names.setting("beta1"));
        out.statement("double $N = 1 - $N", names.setting("oneMinusBeta2"), names.setting("beta2"));
        out.statement("double $N = $N.eps()", names.setting("eps"), optimizer);
        if (shape.optimizer() == OptimizerSpec.Kind.ADAMW) {
          out.statement("double $N = 1 - $N * $N.decay()", names.setting("shrink"), names.lr(), optimizer);
        }
      }
      case ADAGRAD -> {
        out.statement("double $N = $N.lrDecay()", names.setting("lrDecay"), optimizer);
        out.statement("double $N = $N.eps()", names.setting("eps"), optimizer);
      }
      default -> {
        out.statement("double $N = $N.alpha()", names.setting("alpha"), optimizer);
        out.statement("double $N = 1 - $N", names.setting("oneMinusAlpha"), names.setting("alpha"));
        out.statement("double $N = $N.eps()", names.setting("eps"), optimizer);
        if (shape.has(Option.MOMENTUM)) {
          out.statement("double $N = $N.momentum()", names.setting("momentum"), optimizer);
        }
      }
    }
    for (Buffer buffer : buffers()) {
      String array = names.bufferArray(buffer.name());
      out.statement("double[] $N = $N.$L()", array, step, buffer.slot());
      for (int i = 0; i < count; i++) {
        out.statement("double $N = $N[$L]", names.bufferElement(buffer.name(), i), array, i);
      }
    }
  }

  /** The buffers' last values back into the optimizer's arrays (after a break, the trainer rewinds them). */
  private void writeBuffersBack() {
    for (Buffer buffer : buffers()) {
      for (int i = 0; i < count; i++) {
        out.statement("$N[$L] = $N", names.bufferArray(buffer.name()), i, names.bufferElement(buffer.name(), i));
      }
    }
  }

  /** One of the optimizer's buffers: its locals' name, and which of {@code EpochStep}'s arrays holds it. */
  private record Buffer(String name, String slot) {}

  /** The shape's optimizer's buffers, in {@code EpochStep}'s order. */
  private List<Buffer> buffers() {
    List<Buffer> buffers = new ArrayList<>();
    switch (shape.optimizer()) {
      case SGD -> { }
      case MOMENTUM -> buffers.add(new Buffer("buffer", "first"));
      case ADAM, ADAMW -> {
        buffers.add(new Buffer("m", "first"));
        buffers.add(new Buffer("v", "second"));
        if (shape.has(Option.AMSGRAD)) {
          buffers.add(new Buffer("vMax", "third"));
        }
      }
      case RMSPROP -> {
        buffers.add(new Buffer("v", "first"));
        if (shape.has(Option.MOMENTUM)) {
          buffers.add(new Buffer("buffer", "second"));
        }
        if (shape.has(Option.CENTERED)) {
          buffers.add(new Buffer("average", "third"));
        }
      }
      case ADAGRAD -> buffers.add(new Buffer("sum", "first"));
    }
    return buffers;
  }

  /**
   * The optimizer's step from the batch gradient: one {@code next_…} local per parameter value. The
   * gradient the rule takes is the batch's own ({@code grad_…}, which the finite check reads) or,
   * with maximize or weight decay, {@code g_…} made from it as {@code Optimizer.decayed} does.
   */
  private List<String> update(List<String> stepGradients) {
    String t = names.optimizerStep();
    switch (shape.optimizer()) {
      case MOMENTUM -> {
        out.statement("boolean $N = $N == 0", names.setting("first"), t);
        out.statement("$N = $N + 1", t, t);
      }
      case ADAM, ADAMW -> {
        out.statement("$N = $N + 1", t, t);
        out.statement("double $N = $N / (1 - $T.pow($N, $N))", names.setting("stepSize"), names.lr(), Math.class,
            names.setting("beta1"), t);
        out.statement("double $N = $T.sqrt(1 - $T.pow($N, $N))", names.setting("correction2"), Math.class, Math.class,
            names.setting("beta2"), t);
      }
      case ADAGRAD -> {
        out.statement("$N = $N + 1", t, t);
        out.statement("double $N = $N / (1 + ($N - 1) * $N)", names.setting("clr"), names.lr(), t,
            names.setting("lrDecay"));
      }
      default -> { }
    }
    List<String> nexts = new ArrayList<>();
    for (int i = 0; i < stepGradients.size(); i++) {
      String g = gradient(stepGradients.get(i), i);
      String current = names.currentParam(i);
      String next = names.stepParam(i);
      nexts.add(next);
      switch (shape.optimizer()) {
        case SGD -> out.statement("double $N = $N + -$N * $N", next, current, names.lr(), g);
        case MOMENTUM -> momentum(g, current, next, i);
        case ADAM, ADAMW -> adam(g, current, next, i);
        case RMSPROP -> rmsProp(g, current, next, i);
        case ADAGRAD -> {
          String sum = names.bufferElement("sum", i);
          out.statement("$N = $N + 1 * $N * $N", sum, sum, g, g);
          out.statement("double $N = $N + -$N * $N / ($T.sqrt($N) + $N)", next, current, names.setting("clr"), g,
              Math.class, sum, names.setting("eps"));
        }
      }
    }
    return nexts;
  }

  /** The gradient the rule takes: {@code raw} itself unless maximize or weight decay changes it. */
  private String gradient(String raw, int i) {
    boolean maximize = shape.has(Option.MAXIMIZE);
    if (!maximize && !shape.has(Option.WEIGHT_DECAY)) {
      return raw;
    }
    String g = names.optimizerGradient(i);
    CodeBlock signed = maximize ? CodeBlock.of("-$N", raw) : CodeBlock.of("$N", raw);
    if (shape.has(Option.WEIGHT_DECAY)) {
      out.statement("double $N = $L + $N * $N", g, signed, names.setting("weightDecay"), names.currentParam(i));
    } else {
      out.statement("double $N = $L", g, signed);
    }
    return g;
  }

  private void momentum(String g, String current, String next, int i) {
    String b = names.bufferElement("buffer", i);
    if (shape.has(Option.DAMPENING)) {
      out.statement("$N = $N ? $N : $N * $N + $N * $N", b, names.setting("first"), g, b, names.setting("beta"),
          names.setting("oneMinusDampening"), g);
    } else {
      out.statement("$N = $N ? $N : $N * $N + $N", b, names.setting("first"), g, b, names.setting("beta"), g);
    }
    out.statement("double $N = $N + -$N * ($N ? $N + $N * $N : $N)", next, current, names.lr(),
        names.setting("nesterov"), g, names.setting("beta"), b, b);
  }

  private void adam(String g, String current, String next, int i) {
    String m = names.bufferElement("m", i);
    String v = names.bufferElement("v", i);
    out.statement("$N = $N * $N + $N * $N", m, m, names.setting("beta1"), names.setting("oneMinusBeta1"), g);
    out.statement("$N = $N * $N + $N * $N * $N", v, v, names.setting("beta2"), names.setting("oneMinusBeta2"), g, g);
    String second = v;
    if (shape.has(Option.AMSGRAD)) {
      second = names.bufferElement("vMax", i);
      out.statement("$N = $T.max($N, $N)", second, Math.class, second, v);
    }
    CodeBlock from = shape.optimizer() == OptimizerSpec.Kind.ADAMW
        ? CodeBlock.of("$N * $N", current, names.setting("shrink"))
        : CodeBlock.of("$N", current);
    out.statement("double $N = $L - $N * $N / ($T.sqrt($N) / $N + $N)", next, from, names.setting("stepSize"), m,
        Math.class, second, names.setting("correction2"), names.setting("eps"));
  }

  private void rmsProp(String g, String current, String next, int i) {
    String v = names.bufferElement("v", i);
    out.statement("$N = $N * $N + $N * $N * $N", v, v, names.setting("alpha"), names.setting("oneMinusAlpha"), g, g);
    CodeBlock root;
    if (shape.has(Option.CENTERED)) {
      String a = names.bufferElement("average", i);
      out.statement("$N = $N * $N + $N * $N", a, a, names.setting("alpha"), names.setting("oneMinusAlpha"), g);
      root = CodeBlock.of("$T.sqrt($N - $N * $N)", Math.class, v, a, a);
    } else {
      root = CodeBlock.of("$T.sqrt($N)", Math.class, v);
    }
    if (shape.has(Option.MOMENTUM)) {
      String b = names.bufferElement("buffer", i);
      out.statement("$N = $N * $N + $N / ($L + $N)", b, b, names.setting("momentum"), g, root, names.setting("eps"));
      out.statement("double $N = $N + -$N * $N", next, current, names.lr(), b);
    } else {
      out.statement("double $N = $N - $N * $N / ($L + $N)", next, current, names.lr(), g, root, names.setting("eps"));
    }
  }
}
