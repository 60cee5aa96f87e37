package io.gradgen.runtime.train;

/**
 * {@code torch.optim.lbfgs._strong_wolfe} and {@code _cubic_interpolate} (ported there from
 * Torch7's {@code lswolfe.lua} and {@code polyinterp.lua}), statement for statement: a line search
 * along {@code d} from {@code x} for a step {@code t} satisfying the strong Wolfe conditions
 *
 * <pre>
 * f(x + t·d) ≤ f(x) + c1·t·g·d        (sufficient decrease, c1 = 1e-4)
 * |g(x + t·d)·d| ≤ −c2·g·d            (curvature, c2 = 0.9)
 * </pre>
 *
 * first bracketing an interval (each trial extrapolated by cubic interpolation within [t + 0.01·(t
 * − t_prev), 10·t]), then zooming in on it, at most 25 evaluations in all, until the bracket is
 * shorter than {@code tolerance_change / max|d|}. Every trial point is {@code x + t·d} computed as
 * torch's {@code p.add_(d, alpha = t)} does on AVX2, a fused multiply-add per value; Python's {@code
 * min}, {@code max} and comparisons are kept as they are, NaN included.
 */
final class StrongWolfe {
  static final double C1 = 1e-4;
  static final double C2 = 0.9;
  static final double TOLERANCE_CHANGE = 1e-9;
  static final int MAX_LS = 25;

  /** What the search found: the loss {@code f} and gradient {@code g} at step {@code t}, after {@code evaluations}. */
  record Result(double f, double[] g, double t, int evaluations) {}

  private final Closure closure;
  private final double[] x;
  private final double[] d;
  private final double[] trial;

  private StrongWolfe(Closure closure, double[] x, double[] d) {
    this.closure = closure;
    this.x = x;
    this.d = d;
    this.trial = new double[x.length];
  }

  /** torch's {@code _directional_evaluate}: the loss at {@code x + t·d}, its gradient a new array. */
  private double evaluate(double t, double[] gradient) {
    for (int i = 0; i < x.length; i++) {
      trial[i] = Math.fma(t, d[i], x[i]);
    }
    return closure.evaluate(trial, gradient);
  }

  /**
   * The search from {@code x} (left as it is) along {@code d}, starting at step {@code t}, where the
   * loss is {@code f}, the gradient {@code g} and {@code g·d} is {@code gtd}.
   */
  static Result search(Closure closure, double[] x, double t, double[] d, double f, double[] g, double gtd) {
    return new StrongWolfe(closure, x, d).run(t, f, g.clone(), gtd);
  }

  private Result run(double t, double f, double[] g, double gtd) {
    double dNorm = ClosureSteps.maxAbs(d);
    double[] gNew = new double[x.length];
    double fNew = evaluate(t, gNew);
    int lsFuncEvals = 1;
    double gtdNew = ClosureSteps.dot(gNew, d);

    // Bracket an interval containing a point satisfying the Wolfe criteria. The arrays are never
    // written after they are stored: torch clones, and reassigns rather than copies.
    double tPrev = 0;
    double fPrev = f;
    double[] gPrev = g;
    double gtdPrev = gtd;
    boolean done = false;
    int lsIter = 0;
    double[] bracket = null;
    double[] bracketF = null;
    double[][] bracketG = null;
    double[] bracketGtd = null;
    while (lsIter < MAX_LS) {
      if (fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new double[][] {gPrev, gNew};
        bracketGtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      if (Math.abs(gtdNew) <= -C2 * gtd) {
        bracket = new double[] {t};
        bracketF = new double[] {fNew};
        bracketG = new double[][] {gNew};
        done = true;
        break;
      }
      if (gtdNew >= 0) {
        bracket = new double[] {tPrev, t};
        bracketF = new double[] {fPrev, fNew};
        bracketG = new double[][] {gPrev, gNew};
        bracketGtd = new double[] {gtdPrev, gtdNew};
        break;
      }
      // interpolate
      double minStep = t + 0.01 * (t - tPrev);
      double maxStep = t * 10;
      double tmp = t;
      t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
      // next step
      tPrev = tmp;
      fPrev = fNew;
      gPrev = gNew;
      gtdPrev = gtdNew;
      gNew = new double[x.length];
      fNew = evaluate(t, gNew);
      lsFuncEvals++;
      gtdNew = ClosureSteps.dot(gNew, d);
      lsIter++;
    }
    // reached max number of iterations?
    if (lsIter == MAX_LS) {
      bracket = new double[] {0, t};
      bracketF = new double[] {f, fNew};
      bracketG = new double[][] {g, gNew};
    }

    // Zoom: refine the bracket until a point satisfies the criteria.
    boolean insufficientProgress = false;
    int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
    int high = 1 - low;
    while (!done && lsIter < MAX_LS) {
      // line-search bracket is so small
      if (Math.abs(bracket[1] - bracket[0]) * dNorm < TOLERANCE_CHANGE) {
        break;
      }
      t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
      // Too close to a boundary twice in a row, or at or past one: move 0.1 of the bracket away.
      double bracketMax = pyMax(bracket[0], bracket[1]);
      double bracketMin = pyMin(bracket[0], bracket[1]);
      double eps = 0.1 * (bracketMax - bracketMin);
      if (pyMin(bracketMax - t, t - bracketMin) < eps) {
        if (insufficientProgress || t >= bracketMax || t <= bracketMin) {
          if (Math.abs(t - bracketMax) < Math.abs(t - bracketMin)) {
            t = bracketMax - eps;
          } else {
            t = bracketMin + eps;
          }
          insufficientProgress = false;
        } else {
          insufficientProgress = true;
        }
      } else {
        insufficientProgress = false;
      }
      gNew = new double[x.length];
      fNew = evaluate(t, gNew);
      lsFuncEvals++;
      gtdNew = ClosureSteps.dot(gNew, d);
      lsIter++;

      if (fNew > f + C1 * t * gtd || fNew >= bracketF[low]) {
        // Armijo condition not satisfied or not lower than lowest point
        bracket[high] = t;
        bracketF[high] = fNew;
        bracketG[high] = gNew;
        bracketGtd[high] = gtdNew;
        low = bracketF[0] <= bracketF[1] ? 0 : 1;
        high = 1 - low;
      } else {
        if (Math.abs(gtdNew) <= -C2 * gtd) {
          done = true; // Wolfe conditions satisfied
        } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
          // old high becomes new low
          bracket[high] = bracket[low];
          bracketF[high] = bracketF[low];
          bracketG[high] = bracketG[low];
          bracketGtd[high] = bracketGtd[low];
        }
        // new point becomes new low
        bracket[low] = t;
        bracketF[low] = fNew;
        bracketG[low] = gNew;
        bracketGtd[low] = gtdNew;
      }
    }
    return new Result(bracketF[low], bracketG[low], bracket[low], lsFuncEvals);
  }

  /** {@code _cubic_interpolate} without bounds: the bracket itself bounds it. */
  static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
    return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2) : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
  }

  /**
   * {@code _cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds = (xmin, xmax))}: the minimiser of the
   * cubic through both points' values and slopes, clamped to the bounds; their midpoint where the
   * cubic has no real minimiser.
   */
  static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double xminBound,
      double xmaxBound) {
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2Square = d1 * d1 - g1 * g2;
    if (d2Square >= 0) {
      double d2 = Math.sqrt(d2Square);
      double minPos = x1 <= x2
          ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
          : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
      return pyMin(pyMax(minPos, xminBound), xmaxBound);
    }
    return (xminBound + xmaxBound) / 2.;
  }

  /** Python's {@code max(a, b)}: {@code a} unless {@code b > a} (so a NaN {@code a} stays). */
  static double pyMax(double a, double b) {
    return b > a ? b : a;
  }

  /** Python's {@code min(a, b)}: {@code a} unless {@code b < a}. */
  static double pyMin(double a, double b) {
    return b < a ? b : a;
  }
}
