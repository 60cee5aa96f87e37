package io.gradgen.emit.ptx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingListener;
import io.gradgen.runtime.train.TrainingResult;
import java.util.List;
import java.util.Map;

/**
 * The device's optimizer steps against the runtime's: the runtime's {@link Trainer} takes two
 * full-batch steps over an objective that always answers with the gradient the PTX computed, and
 * the PTX's {@code update_…} kernel takes the same two steps from the same params and the same
 * gradient. Without clipping the params and buffers must be the same bits (the kernels follow the
 * runtime's order of operations, with correctly rounded IEEE operations); with clipping, whose
 * norm the device sums in another order, to 1e-12 (f64) or an ulp of float (f32).
 */
final class OptimizerUpdates {
  private record Case(OptimizerSpec spec, Double clip) {}

  private static final List<Case> CASES = List.of(
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, 0.05), null),
      new Case(withNesterov(OptimizerSpec.defaults(OptimizerSpec.Kind.MOMENTUM, 0.05)), null),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.MOMENTUM, 0.05), 1e-3),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.01), null),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAMW, 0.01), 1e-3),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, 0.01), null),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAGRAD, 0.01), null),
      // torch.optim's options (issue #20), each update path at least once
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, 0.05).withOptions(0, 0.1, true, false, false, 0, 0, 0),
          null),
      new Case(withNesterov(OptimizerSpec.defaults(OptimizerSpec.Kind.MOMENTUM, 0.05))
          .withOptions(0, 0.1, false, false, false, 0, 0, 0), null),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.MOMENTUM, 0.05).withOptions(0.3, 0.1, true, false, false, 0,
          0, 0), 1e-3),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.01).withOptions(0, 0.1, true, true, false, 0, 0, 0),
          null),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAMW, 0.01).withOptions(0, 0, true, true, false, 0, 0, 0),
          null),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, 0.01).withOptions(0, 0.1, false, false, true, 0.9, 0,
          0), null),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, 0.01).withOptions(0, 0, true, false, false, 0.5, 0,
          0), 1e-3),
      new Case(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAGRAD, 0.01).withOptions(0, 0.1, true, false, false, 0, 0.5,
          0.1), null));

  private OptimizerUpdates() {}

  private static OptimizerSpec withNesterov(OptimizerSpec spec) {
    return new OptimizerSpec(spec.kind(), spec.lr(), spec.beta(), true, spec.beta1(), spec.beta2(), spec.eps(),
        spec.decay(), spec.alpha());
  }

  /** {@code result}: what {@code reduce} left on the device after the PTX's loss and gradient at {@code params}. */
  static void check(String name, PtxRunner ptx, double[] result, Objective objective, double[] params, int rows,
      Precision precision) {
    int count = ptx.parameterCount;
    double[] gradient = PtxAgreementTest.slice(result, 1, count);
    if (result[count + 1] != 1.0) {
      return; // not finite at this point: both sides stop, which the loss check has compared
    }
    for (Case c : CASES) {
      TrainingConfig config = TrainingConfig.defaults().withOptimizer(c.spec()).withEpochs(2).withClip(c.clip())
          .withPrecision(precision);
      FixedGradient fixed = new FixedGradient(objective.layout(), rows, result[0], gradient);
      TrainingResult expected = new Trainer(config, 1).train(fixed, params, null, TrainingListener.NONE);
      ptx.setParams(params);
      ptx.startState(c.spec());
      double divisor = rows > 1 ? rows : 1;
      double clip = c.clip() == null ? 0 : c.clip();
      for (int step = 0; step < 2; step++) {
        double[] status = ptx.update(c.spec(), c.spec().lr(), step, divisor, clip);
        assertEquals(1.0, status[0], name + " " + c + ": step " + step + " not finite on the device");
        ptx.accept();
      }
      String what = name + " " + c.spec().kind() + (c.clip() != null ? " clipped" : "")
          + (c.spec().nesterov() ? " nesterov" : "") + (c.spec().plain() ? "" : " with options");
      double[] got = ptx.params();
      Map<String, double[]> buffers = expected.state().optimizer().buffers();
      if (c.clip() == null) {
        assertArrayEquals(expected.params(), got, 0.0, what + ": params after two steps");
        checkBuffers(what, c.spec().kind(), buffers, ptx, 0.0);
      } else {
        double tolerance = precision == Precision.F64 ? 1e-12 : 1e-6;
        Agreement.check(what + ": params after two steps", expected.params(), got, tolerance);
        checkBuffersRelative(what, c.spec().kind(), buffers, ptx, tolerance);
      }
    }
  }

  private static void checkBuffers(String what, OptimizerSpec.Kind kind, Map<String, double[]> buffers, PtxRunner ptx,
      double delta) {
    for (Map.Entry<String, double[]> buffer : buffers.entrySet()) {
      assertArrayEquals(buffer.getValue(), state(kind, buffer.getKey(), ptx), delta, what + ": " + buffer.getKey());
    }
  }

  private static void checkBuffersRelative(String what, OptimizerSpec.Kind kind, Map<String, double[]> buffers,
      PtxRunner ptx, double tolerance) {
    for (Map.Entry<String, double[]> buffer : buffers.entrySet()) {
      Agreement.check(what + ": " + buffer.getKey(), buffer.getValue(), state(kind, buffer.getKey(), ptx), tolerance);
    }
  }

  /** Where the runner keeps the buffer torch names {@code name} (as {@code PtxRunner.update} passes them). */
  private static double[] state(OptimizerSpec.Kind kind, String name, PtxRunner ptx) {
    switch (name) {
      case "exp_avg_sq":
        return ptx.secondState();
      case "max_exp_avg_sq":
      case "grad_avg":
        return ptx.thirdState();
      case "momentum_buffer":
        return kind == OptimizerSpec.Kind.RMSPROP ? ptx.secondState() : ptx.firstState();
      default:
        return ptx.firstState();
    }
  }

  /**
   * An objective whose gradient is always {@code gradient} (and loss {@code loss}), whatever the
   * params: the runtime's trainer then takes exactly its optimizer's steps from that gradient. An
   * f32 layout's params are rounded to float as the trainer sets them, as the f32 objective does.
   */
  static final class FixedGradient implements Objective {
    private final ModelLayout layout;
    private final int rows;
    private final double loss;
    private final double[] gradient;

    FixedGradient(ModelLayout layout, int rows, double loss, double[] gradient) {
      this.layout = layout;
      this.rows = rows;
      this.loss = loss;
      this.gradient = gradient;
    }

    @Override
    public ModelLayout layout() {
      return layout;
    }

    @Override
    public int rows() {
      return rows;
    }

    @Override
    public void setParameters(double[] params) {
      if (layout.precision() == Precision.F32) {
        for (int i = 0; i < params.length; i++) {
          params[i] = (float) params[i];
        }
      }
    }

    @Override
    public double lossAndGradient(int from, int to, double[] into) {
      for (int i = 0; i < into.length; i++) {
        into[i] += gradient[i];
      }
      return loss;
    }

    @Override
    public double loss(int from, int to) {
      return loss;
    }

    @Override
    public void predict(int row, double[] output) {
      throw new UnsupportedOperationException("predict");
    }

    @Override
    public void arrange(int[] order) {}

    @Override
    public Objective copyForThread() {
      return this;
    }
  }
}
