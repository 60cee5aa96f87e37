package io.gradgen;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.train.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The three-way gradient check: the generated kernel's gradient, the interpreted autograd's
 * gradient, and central finite differences of each one's own loss, compared at the initial values
 * and at random points around them. Keeps the worst relative error per param for each of the three
 * pairs, and the worst relative difference of the two losses.
 *
 * <p>Errors are measured by {@link #relativeError}: {@code |a − b| / max(|a|, |b|, 1e-3)}. Central
 * differences carry a truncation and rounding error near 1e-7, so a pair with finite differences is
 * accepted up to {@link #FD_TOLERANCE}; the two backends compute the same sums in another order, so
 * they must agree to {@link #BACKEND_TOLERANCE}.
 *
 * <p>Rounding, though, is absolute: it scales with the size of what is added up, not with the
 * result. The rounding part of a central difference is about {@code ε·|L| / h} ({@code 2e-10·|L|}
 * with the step {@code h = 1e-6}); and a gradient summed over rows whose contributions nearly cancel
 * keeps the rounding of the parts, which the two backends, computing each row in another order, do
 * not share. Found by the property test: a loss of 75 with gradient elements near 3e-5 (central
 * differences off by 1.6e-8, the rounding itself), and three rows' gradients of about ±1 summing to
 * 0.004. So every pair is measured against at least {@link #PER_LOSS}{@code ·|L|} as well as 1e-3,
 * with {@code L} the larger of the two losses: an error still counts from {@code 1e-7·|L|} on
 * against finite differences and from {@code 1e-11·|L|} between the backends.
 *
 * <p>Random points are the initial values plus N(0, σ²) noise per element, σ = 0.5. A point where
 * either loss, or any loss the finite differences need, is not finite (a {@code log} or {@code sqrt}
 * pushed out of its domain) is drawn again with σ halved, up to four times; after that the point is
 * skipped and counted in {@link #skipped()}, as are initial values where a loss is not finite. Gradients are never the reason to skip: a non-finite
 * gradient at a finite point is a disagreement.
 *
 * <p>At a kink finite differences judge nothing: given {@link StencilKinks}, an element whose
 * stencil straddles one at a point (a non-smooth op on another branch at {@code θ − h} than at
 * {@code θ + h}) is left out of the two comparisons with finite differences there, and listed in
 * {@link #notComparable()}; the generated and the interpreted gradient are compared there as
 * everywhere. Only those elements at those points are excused, so a wrong rule still shows at the
 * other points.
 *
 * <pre>
 * GradientAgreement result = GradientAgreement.measure(generated, interpreted, start, 3, seed);
 * result.disagreeing(GradientAgreement.FD_TOLERANCE, GradientAgreement.BACKEND_TOLERANCE); // []
 * </pre>
 */
public final class GradientAgreement {
  /** Largest relative error accepted between a gradient and finite differences. */
  public static final double FD_TOLERANCE = 1e-5;

  /** Largest relative error accepted between the generated and the interpreted gradient. */
  public static final double BACKEND_TOLERANCE = 1e-9;

  /** Differences are measured against at least this, so that rounding noise on tiny values does not count. */
  public static final double FLOOR = 1e-3;

  /** Differences are also measured against at least this times the loss, the scale of rounding. */
  public static final double PER_LOSS = 1e-2;

  private static final int DRAWS = 4;

  /** The three comparisons, in table order. */
  public enum Pair {
    GENERATED_FD("generated/fd", "generatedVsFiniteDifferences"),
    INTERPRETED_FD("interpreted/fd", "interpretedVsFiniteDifferences"),
    GENERATED_INTERPRETED("generated/interpreted", "generatedVsInterpreted");

    private final String column;
    private final String jsonName;

    Pair(String column, String jsonName) {
      this.column = column;
      this.jsonName = jsonName;
    }

    public String column() {
      return column;
    }

    public String jsonName() {
      return jsonName;
    }

    boolean betweenBackends() {
      return this == GENERATED_INTERPRETED;
    }
  }

  private final ModelLayout layout;
  private final double[][] worst;
  private double worstLoss;
  private int checked;
  private int skipped;
  /** The kinks of the loss, or null: then every element is compared with finite differences. */
  private final StencilKinks kinks;
  /** Per param, the elements (over all points) compared with finite differences. */
  private final int[] comparedWithDifferences;
  private final List<NotComparable> notComparable = new ArrayList<>();

  /**
   * An element whose central difference straddles a kink at one point ({@code 0} the initial
   * values, then the random points in order): not compared with finite differences there.
   */
  public record NotComparable(String param, int element, int point, StencilKinks.Kink kink) {}

  private GradientAgreement(ModelLayout layout, StencilKinks kinks) {
    this.layout = layout;
    this.worst = new double[Pair.values().length][layout.params().size()];
    this.kinks = kinks;
    this.comparedWithDifferences = new int[layout.params().size()];
  }

  /**
   * Compares the two objectives at {@code start} and at {@code points} random points around it,
   * drawn from {@code seed}. Both objectives must compute the same model over the same rows.
   */
  public static GradientAgreement measure(
      Objective generated, Objective interpreted, double[] start, int points, long seed) {
    return measure(generated, interpreted, start, points, seed, null);
  }

  /**
   * As {@link #measure(Objective, Objective, double[], int, long)}, with each element whose stencil
   * straddles one of {@code kinks} (null: none) left out of the comparisons with finite differences
   * at that point, and listed in {@link #notComparable()}; the two backends are compared there still.
   */
  public static GradientAgreement measure(
      Objective generated, Objective interpreted, double[] start, int points, long seed, StencilKinks kinks) {
    GradientAgreement result = new GradientAgreement(generated.layout(), kinks);
    SplittableRandom random = new SplittableRandom(seed);
    result.include(result.compare(generated, interpreted, start));
    for (int point = 0; point < points; point++) {
      Comparison errors = null;
      double sigma = 0.5;
      for (int draw = 0; draw < DRAWS && errors == null; draw++, sigma /= 2) {
        double[] params = start.clone();
        for (int i = 0; i < params.length; i++) {
          params[i] += random.nextGaussian() * sigma;
        }
        errors = result.compare(generated, interpreted, params);
      }
      result.include(errors);
    }
    return result;
  }

  /** {@code |a − b| / max(|a|, |b|, 1e-3)}; 0 for equal values, infinite where only one is finite or either is NaN. */
  public static double relativeError(double a, double b) {
    return relativeError(a, b, FLOOR);
  }

  private static double relativeError(double a, double b, double floor) {
    if (Double.compare(a, b) == 0) {
      return 0;
    }
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
  }

  public ModelLayout layout() {
    return layout;
  }

  /** The worst relative error of {@code pair} over the elements of param number {@code param}. */
  public double worst(Pair pair, int param) {
    return worst[pair.ordinal()][param];
  }

  /** The worst relative difference between the generated and the interpreted loss. */
  public double worstLoss() {
    return worstLoss;
  }

  /** Points compared (the initial values included). */
  public int checked() {
    return checked;
  }

  /** The elements left out of the comparisons with finite differences, point by point, in order. */
  public List<NotComparable> notComparable() {
    return List.copyOf(notComparable);
  }

  /** How many element comparisons with finite differences param number {@code param} had, over all points. */
  public int comparedWithDifferences(int param) {
    return comparedWithDifferences[param];
  }

  /** Points skipped because a loss there was not finite. */
  public int skipped() {
    return skipped;
  }

  /**
   * The params some pair disagrees on, in declaration order, and {@code "(loss)"} when the two
   * losses differ. Empty when all agree.
   */
  public List<String> disagreeing(double fdTolerance, double backendTolerance) {
    List<String> names = new ArrayList<>();
    for (int p = 0; p < layout.params().size(); p++) {
      for (Pair pair : Pair.values()) {
        if (!(worst(pair, p) <= (pair.betweenBackends() ? backendTolerance : fdTolerance))) {
          names.add(layout.params().get(p).name());
          break;
        }
      }
    }
    if (!(worstLoss <= backendTolerance)) {
      names.add("(loss)");
    }
    return names;
  }

  private void include(Comparison comparison) {
    if (comparison == null) {
      skipped++;
      return;
    }
    double[][] errors = comparison.errors();
    for (int p = 0; p < layout.params().size(); p++) {
      ParamSlot slot = layout.params().get(p);
      for (int i = slot.offset(); i < slot.offset() + slot.size(); i++) {
        StencilKinks.Kink kink = comparison.kinks()[i];
        if (kink != null) {
          notComparable.add(new NotComparable(slot.name(), i - slot.offset(), checked, kink));
        } else {
          comparedWithDifferences[p]++;
        }
        for (int pair = 0; pair < worst.length; pair++) {
          if (kink == null || Pair.values()[pair].betweenBackends()) {
            worst[pair][p] = Math.max(worst[pair][p], errors[pair][i]);
          }
        }
      }
    }
    checked++;
    worstLoss = Math.max(worstLoss, errors[worst.length][0]);
  }

  /** One point's element-wise errors (the loss error last), and the kink each element's stencil straddles, or null. */
  private record Comparison(double[][] errors, StencilKinks.Kink[] kinks) {}

  /** For each element, the kink its stencil at {@code params} straddles, or null. */
  private StencilKinks.Kink[] kinksAt(double[] params) {
    StencilKinks.Kink[] found = new StencilKinks.Kink[params.length];
    if (kinks != null && kinks.any()) {
      for (int i = 0; i < params.length; i++) {
        found[i] = kinks.straddled(params, i, GradientCheck.step(params[i]));
      }
    }
    return found;
  }

  /** The element-wise errors of each pair at {@code params}, and the loss error last; null if a loss is not finite. */
  private Comparison compare(Objective generated, Objective interpreted, double[] params) {
    int n = params.length;
    double[] g1 = new double[n];
    double[] g2 = new double[n];
    generated.setParameters(params.clone());
    double loss1 = generated.lossAndGradient(0, generated.rows(), g1);
    interpreted.setParameters(params.clone());
    double loss2 = interpreted.lossAndGradient(0, interpreted.rows(), g2);
    if (!Double.isFinite(loss1) || !Double.isFinite(loss2)) {
      return null;
    }
    double[] fd1 = GradientCheck.centralDifferences(generated, params);
    double[] fd2 = GradientCheck.centralDifferences(interpreted, params);
    if (fd1 == null || fd2 == null) {
      return null;
    }
    double[][] errors = new double[Pair.values().length + 1][n];
    double floor = Math.max(FLOOR, PER_LOSS * Math.max(Math.abs(loss1), Math.abs(loss2)));
    for (int i = 0; i < n; i++) {
      errors[Pair.GENERATED_FD.ordinal()][i] = relativeError(g1[i], fd1[i], floor);
      errors[Pair.INTERPRETED_FD.ordinal()][i] = relativeError(g2[i], fd2[i], floor);
      errors[Pair.GENERATED_INTERPRETED.ordinal()][i] = relativeError(g1[i], g2[i], floor);
    }
    errors[Pair.values().length] = new double[] {relativeError(loss1, loss2)};
    return new Comparison(errors, kinksAt(params));
  }
}
