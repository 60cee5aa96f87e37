package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Lbfgs} and {@link StrongWolfe} against torch.optim.LBFGS, to the bit: the figures below
 * are the output of {@code samples/pytorch/lbfgs_figures.py} (torch 1.13, float64), whose closure
 * computes the chained Rosenbrock function and its gradient by hand with the same expressions as
 * {@link #rosenbrock}, so only the optimizers are compared. Each line: case, step, torch's {@code
 * n_iter} and {@code func_evals} after it, the loss {@code step} returned, the parameters.
 */
class LbfgsTest {
  private static final String TORCH = """
      plain 1 20 20 12.5 -0.7811227298316441 0.6131352916809683
      plain 2 40 40 3.1732877526670777 0.08303252319662968 0.005052944696638209
      plain 3 60 60 0.8411684492448315 1.0549689774852222 0.8137053112376667
      lr-half 1 20 20 12.5 -1.1949289824625586 1.3709282299891323
      lr-half 2 40 40 5.141782062119022 0.09513616233564424 -0.010883707207720835
      wolfe 1 19 25 12.5 -0.08511855589864023 -0.02875705841378415
      wolfe 2 38 50 1.3070983150502804 0.9995835472531072 0.9991550319580375
      wolfe 3 41 53 1.884048136624105e-07 0.9999979943196431 0.9999973438921697
      wolfe-4d 1 18 25 281.7 -0.011194496594583533 -0.01887036704081909 0.02173668974271461 -0.0026450093551599425
      wolfe-4d 2 38 48 3.100378716858023 0.9756426982347781 0.9533875041833274 0.9065121421867836 0.8192281282104124
      wolfe-4d 3 46 56 0.01297004790506794 1.0000001410073254 0.9999999489026621 0.9999996575628121 0.9999993318288654
      history-2 1 4 5 281.7 -0.4216545031466735 0.24036308948024007 0.10971991106503737 -0.05150448755886472
      history-2 2 8 13 4.45586007775361 -0.3706226500294571 0.13572158751176205 0.025971489417621764 0.01155140978925852
      history-2 3 11 18 3.592116627198847 -0.07370681707358903 -0.005937796496206807 0.008858965800583835 -0.0010967232102745035
      history-2 4 13 25 3.1679704300485967 0.3361809839116764 0.10769630564880796 -0.025631753823693156 0.007568348551716923
      history-1-plain 1 5 5 281.7 -1.0548603502180431 0.8161248445999065 -0.36549924477646606 0.6338708603394226
      history-1-plain 2 10 10 146.35785499109994 -0.9546145603217263 0.7923088133412224 0.19190604167319783 0.13381104743104325
      history-1-plain 3 15 15 25.86914898142198 -0.9252131821055825 0.7870507913029422 0.36238092704380226 0.14110889658143355
      at-minimum 1 0 1 0.0 1.0 1.0
      at-minimum 2 0 2 0.0 1.0 1.0
      max-eval 1 2 3 12.5 -1.314377565452805 2.020336070035731
      max-eval 2 4 6 13.92646425028063 -1.3978609639575563 2.0067671025646203
      max-iter 1 1 2 12.5 -0.7439024390243902 2.2439024390243905
      max-iter 2 2 4 288.82414277074395 -1.314377565452805 2.020336070035731
      tolerance-change 1 6 7 12.5 -1.412497087238126 2.0030627986189082
      tolerance-change 2 7 8 5.826406565685992 -1.412497087238126 2.0030627986189082
      tolerance-grad 1 19 25 12.5 -0.08511855589864023 -0.02875705841378415
      tolerance-grad 2 29 38 1.3070983150502804 0.7569067028747392 0.574323574201115
      """;

  /** The cases of the script: start and options ({@code lbfgs(…)} with the script's torch options). */
  private static final Map<String, Object[]> CASES = new LinkedHashMap<>();

  static {
    double[] two = {-1.5, 2.0};
    double[] four = {-1.2, 1.0, -0.5, 0.8};
    CASES.put("plain", new Object[] {two, options(20, 25, 1e-7, 1e-9, 100, false), 1.0});
    CASES.put("lr-half", new Object[] {two, options(20, 25, 1e-7, 1e-9, 100, false), 0.5});
    CASES.put("wolfe", new Object[] {two, options(20, 25, 1e-7, 1e-9, 100, true), 1.0});
    CASES.put("wolfe-4d", new Object[] {four, options(20, 25, 1e-7, 1e-9, 100, true), 1.0});
    CASES.put("history-2", new Object[] {four, options(4, 5, 1e-7, 1e-9, 2, true), 1.0});
    CASES.put("history-1-plain", new Object[] {four, options(5, 6, 1e-7, 1e-9, 1, false), 0.1});
    CASES.put("at-minimum", new Object[] {new double[] {1.0, 1.0}, options(20, 25, 1e-7, 1e-9, 100, false), 1.0});
    CASES.put("max-eval", new Object[] {two, options(20, 3, 1e-7, 1e-9, 100, false), 1.0});
    CASES.put("max-iter", new Object[] {two, options(2, 2, 1e-7, 1e-9, 100, false), 1.0});
    CASES.put("tolerance-change", new Object[] {two, options(20, 25, 1e-7, 1e-2, 100, false), 1.0});
    CASES.put("tolerance-grad", new Object[] {two, options(20, 25, 1.0, 1e-9, 100, true), 1.0});
  }

  private static OptimizerSpec.Curvature options(int maxIter, int maxEval, double toleranceGrad,
      double toleranceChange, int history, boolean strongWolfe) {
    return new OptimizerSpec.Curvature(maxIter, maxEval, toleranceGrad, toleranceChange, history, strongWolfe, 0);
  }

  /** The script's closure: the chained Rosenbrock function and its gradient, the same expressions in order. */
  static final class Rosenbrock implements Closure {
    int evaluations;
    double lastLoss;

    @Override
    public double evaluate(double[] x, double[] g) {
      evaluations++;
      double f = 0.0;
      java.util.Arrays.fill(g, 0);
      for (int i = 0; i < x.length - 1; i++) {
        double a = 1 - x[i];
        double b = x[i + 1] - x[i] * x[i];
        f += a * a + 100 * (b * b);
        g[i] += -2 * a - 400 * x[i] * b;
        g[i + 1] += 200 * b;
      }
      lastLoss = f;
      return f;
    }

    @Override
    public void hessianVector(double[] direction, double[] hessianVector) {
      throw new UnsupportedOperationException();
    }
  }

  /** Steps of one case: each step's torch figures, in order. */
  private static List<String[]> figures(String name) {
    List<String[]> lines = new ArrayList<>();
    for (String line : TORCH.strip().split("\n")) {
      String[] fields = line.strip().split(" ");
      if (fields[0].equals(name)) {
        lines.add(fields);
      }
    }
    return lines;
  }

  /** Wraps the closure to remember the first loss of each step, what torch's step returns. */
  private static final class FirstLoss implements Closure {
    final Closure inner;
    double first;
    boolean seen;

    FirstLoss(Closure inner) {
      this.inner = inner;
    }

    @Override
    public double evaluate(double[] params, double[] gradient) {
      double loss = inner.evaluate(params, gradient);
      if (!seen) {
        first = loss;
        seen = true;
      }
      return loss;
    }

    @Override
    public void hessianVector(double[] direction, double[] hessianVector) {
      inner.hessianVector(direction, hessianVector);
    }
  }

  private static void check(String name) {
    Object[] c = CASES.get(name);
    double[] params = ((double[]) c[0]).clone();
    Lbfgs lbfgs = new Lbfgs((OptimizerSpec.Curvature) c[1], params.length);
    double lr = (double) c[2];
    double[] next = new double[params.length];
    List<String[]> steps = figures(name);
    assertEquals(false, steps.isEmpty(), name);
    for (String[] torch : steps) {
      FirstLoss closure = new FirstLoss(new Rosenbrock());
      lbfgs.step(params, closure, lr, next);
      double[] swap = params;
      params = next;
      next = swap;
      String at = name + " step " + torch[1];
      assertEquals(Long.parseLong(torch[2]), lbfgs.state().step(), at + ": n_iter");
      assertEquals(Long.parseLong(torch[3]), lbfgs.functionEvaluations(), at + ": func_evals");
      assertEquals(Double.parseDouble(torch[4]), closure.first, 0, at + ": loss");
      for (int i = 0; i < params.length; i++) {
        assertEquals(Double.parseDouble(torch[5 + i]), params[i], 0, at + ": param " + i);
      }
    }
  }

  @Test
  void withoutLineSearchEachStepIsTorchsToTheBit() {
    check("plain");
    check("lr-half");
  }

  @Test
  void strongWolfeStepsAreTorchsToTheBit() {
    check("wolfe");
    check("wolfe-4d");
  }

  @Test
  void aHistoryShorterThanTheIterationsDropsTheOldestPairsAsTorchDoes() {
    check("history-2");
    check("history-1-plain");
  }

  @Test
  void everyExitTestStopsWhereTorchsDoes() {
    check("at-minimum"); // tolerance_grad before any iteration: one evaluation a step, no move
    check("max-eval");
    check("max-iter");
    check("tolerance-change");
    check("tolerance-grad");
  }

  @Test
  void theFirstStepEverIsScaledByTheGradientsL1NormAndOnlyThatOne() {
    // max_iter = 1 without line search: x − min(1, 1/‖g‖₁)·g, then plain lr.
    double[] x = {-1.5, 2.0};
    double[] g = new double[2];
    new Rosenbrock().evaluate(x, g);
    double t = Math.min(1, 1 / (Math.abs(g[0]) + Math.abs(g[1])));
    Lbfgs lbfgs = new Lbfgs(options(1, 2, 1e-7, 1e-9, 100, false), 2);
    double[] next = new double[2];
    lbfgs.step(x, new Rosenbrock(), 1, next);
    assertEquals(Math.fma(t, -g[0], x[0]), next[0], 0);
    assertEquals(Math.fma(t, -g[1], x[1]), next[1], 0);
    assertEquals(0.0, (double) lbfgs.state().values().get("t") - t, 0);
    double[] after = new double[2];
    lbfgs.step(next, new Rosenbrock(), 1, after);
    assertEquals(1.0, lbfgs.state().values().get("t"), 0);
  }

  @Test
  void aSavedStateRestoredContinuesAsTheUninterruptedRunToTheBit() {
    Object[] c = CASES.get("history-2");
    OptimizerSpec.Curvature options = (OptimizerSpec.Curvature) c[1];
    double[] x = ((double[]) c[0]).clone();
    Lbfgs whole = new Lbfgs(options, 4);
    Lbfgs first = new Lbfgs(options, 4);
    double[] a = x.clone();
    double[] b = x.clone();
    double[] next = new double[4];
    for (int step = 0; step < 2; step++) {
      whole.step(a, new Rosenbrock(), 1, next);
      System.arraycopy(next, 0, a, 0, 4);
      first.step(b, new Rosenbrock(), 1, next);
      System.arraycopy(next, 0, b, 0, 4);
    }
    Lbfgs resumed = new Lbfgs(options, 4);
    resumed.restore(first.state());
    for (int step = 0; step < 3; step++) {
      whole.step(a, new Rosenbrock(), 1, next);
      System.arraycopy(next, 0, a, 0, 4);
      resumed.step(b, new Rosenbrock(), 1, next);
      System.arraycopy(next, 0, b, 0, 4);
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(Double.doubleToLongBits(a[i]), Double.doubleToLongBits(b[i]));
    }
    assertEquals(whole.state().values(), resumed.state().values());
    assertEquals(whole.functionEvaluations(), resumed.functionEvaluations());
  }

  @Test
  void aRewindGoesBackToTheMarkedState() {
    Lbfgs lbfgs = new Lbfgs(OptimizerSpec.Curvature.DEFAULTS, 2);
    double[] x = {-1.5, 2.0};
    double[] next = new double[2];
    lbfgs.step(x, new Rosenbrock(), 1, next);
    lbfgs.mark();
    OptimizerState marked = lbfgs.state();
    lbfgs.step(next, new Rosenbrock(), 1, x);
    lbfgs.rewind();
    assertEquals(marked.values(), lbfgs.state().values());
    assertEquals(marked.step(), lbfgs.state().step());
  }

  @Test
  void aStateForAnotherOptimizerOrWithMorePairsThanTheHistoryIsRefused() {
    Lbfgs lbfgs = new Lbfgs(options(4, 5, 1e-7, 1e-9, 1, true), 4);
    assertThrows(IllegalArgumentException.class, () -> lbfgs.restore(new OptimizerState("adam", 1, Map.of())));
    Lbfgs longer = new Lbfgs(options(4, 5, 1e-7, 1e-9, 2, true), 4);
    double[] x = ((double[]) CASES.get("history-2")[0]).clone();
    double[] next = new double[4];
    for (int step = 0; step < 2; step++) {
      longer.step(x, new Rosenbrock(), 1, next);
      System.arraycopy(next, 0, x, 0, 4);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lbfgs.restore(longer.state()));
    assertEquals("the saved lbfgs state keeps more than history = 1 curvature pairs", e.getMessage());
  }
}
