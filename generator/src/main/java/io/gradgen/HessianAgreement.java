package io.gradgen;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.train.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The three-way check of second order, as {@link GradientAgreement} is of first: at the initial
 * values and at random points around them, for a random direction {@code v} each, the generated
 * kernel's {@code H·v}, the interpreted backend's ({@code HyperDual}, forward over forward on the
 * forward IR) and central differences of each one's own gradient along {@code v} ({@link
 * HessianCheck}); the worst relative error per param for each of the three pairs. Besides:
 *
 * <ul>
 *   <li>the Hessian's symmetry, for each backend: {@code uᵀ(H·v)} against {@code vᵀ(H·u)} for a
 *       second random direction {@code u}, as a relative error;
 *   <li>that the generated product method's loss and gradient are its {@code lossAndGradient}'s,
 *       to the bit ({@link #gradientBitsDiffer()}).
 * </ul>
 *
 * <p>Errors are {@code |a − b| / max(|a|, |b|, floor)}, the floor being {@link
 * GradientAgreement#FLOOR} or {@link GradientAgreement#PER_LOSS} times the largest of the loss and
 * the gradient's elements, whichever is larger: central differences of a gradient carry its rounding
 * ({@code ε·|g| / h}) as those of a loss carry the loss's. Points are drawn as the gradient check
 * draws them (σ = 0.5, halved up to four times where a loss or gradient is not finite); the
 * directions are N(0, 1) per element.
 *
 * <pre>
 * HessianAgreement result = HessianAgreement.measure(generated, interpreted, start, 3, seed);
 * result.disagreeing(1e-5, 1e-8, 1e-8);   // []
 * </pre>
 */
public final class HessianAgreement {
  /** Largest relative error accepted between two backends' products. */
  public static final double BACKEND_TOLERANCE = 1e-8;

  /** Largest relative error accepted between {@code uᵀ(H·v)} and {@code vᵀ(H·u)}. */
  public static final double SYMMETRY_TOLERANCE = 1e-8;

  private static final int DRAWS = 4;

  /** The two backends, in the order the symmetry columns show them. */
  public enum Backend {
    GENERATED,
    INTERPRETED
  }

  private final ModelLayout layout;
  private final double[][] worst;
  private final double[] worstSymmetry = new double[Backend.values().length];
  private boolean gradientBitsDiffer;
  private int checked;
  private int skipped;

  private HessianAgreement(ModelLayout layout) {
    this.layout = layout;
    this.worst = new double[GradientAgreement.Pair.values().length][layout.params().size()];
  }

  /**
   * Compares the two objectives' products at {@code start} and at {@code points} random points
   * around it, drawn from {@code seed}. Both must compute the same model over the same rows, and
   * both must have Hessian-vector products.
   */
  public static HessianAgreement measure(Objective generated, Objective interpreted, double[] start, int points,
      long seed) {
    if (!generated.hasHessianVectorProducts() || !interpreted.hasHessianVectorProducts()) {
      throw new IllegalArgumentException("both objectives must compute Hessian-vector products");
    }
    HessianAgreement result = new HessianAgreement(generated.layout());
    SplittableRandom random = new SplittableRandom(seed);
    result.include(result.compare(generated, interpreted, start, random));
    for (int point = 0; point < points; point++) {
      double[][] errors = null;
      double sigma = 0.5;
      for (int draw = 0; draw < DRAWS && errors == null; draw++, sigma /= 2) {
        double[] params = start.clone();
        for (int i = 0; i < params.length; i++) {
          params[i] += random.nextGaussian() * sigma;
        }
        errors = result.compare(generated, interpreted, params, random);
      }
      result.include(errors);
    }
    return result;
  }

  public ModelLayout layout() {
    return layout;
  }

  /** The worst relative error of {@code pair} over the elements of param number {@code param}'s rows of {@code H·v}. */
  public double worst(GradientAgreement.Pair pair, int param) {
    return worst[pair.ordinal()][param];
  }

  /** The worst relative difference of {@code uᵀ(H·v)} and {@code vᵀ(H·u)} by {@code backend}. */
  public double worstSymmetry(Backend backend) {
    return worstSymmetry[backend.ordinal()];
  }

  /** Whether the generated product method's loss or gradient differed from lossAndGradient's at some point. */
  public boolean gradientBitsDiffer() {
    return gradientBitsDiffer;
  }

  public int checked() {
    return checked;
  }

  public int skipped() {
    return skipped;
  }

  /**
   * The params some pair disagrees on, in declaration order; then {@code "(symmetry)"} when either
   * backend's Hessian is not symmetric within {@code symmetryTolerance}, and {@code "(gradient
   * bits)"} when the generated product's loss or gradient is not lossAndGradient's. Empty when all agree.
   */
  public List<String> disagreeing(double fdTolerance, double backendTolerance, double symmetryTolerance) {
    List<String> names = new ArrayList<>();
    for (int p = 0; p < layout.params().size(); p++) {
      for (GradientAgreement.Pair pair : GradientAgreement.Pair.values()) {
        double tolerance = pair == GradientAgreement.Pair.GENERATED_INTERPRETED ? backendTolerance : fdTolerance;
        if (!(worst(pair, p) <= tolerance)) {
          names.add(layout.params().get(p).name());
          break;
        }
      }
    }
    for (Backend backend : Backend.values()) {
      if (!(worstSymmetry(backend) <= symmetryTolerance)) {
        names.add("(symmetry)");
        break;
      }
    }
    if (gradientBitsDiffer) {
      names.add("(gradient bits)");
    }
    return names;
  }

  /** The worst errors, one param a line, then the symmetry: for a failing test's message. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int p = 0; p < layout.params().size(); p++) {
      text.append(layout.params().get(p).name());
      for (GradientAgreement.Pair pair : GradientAgreement.Pair.values()) {
        text.append(' ').append(pair.column()).append(' ').append(String.format(java.util.Locale.ROOT, "%.1e", worst(pair, p)));
      }
      text.append('\n');
    }
    return text.append("symmetry ").append(Arrays.toString(worstSymmetry)).append(", gradient bits differ ")
        .append(gradientBitsDiffer).append('\n').toString();
  }

  private void include(double[][] errors) {
    if (errors == null) {
      skipped++;
      return;
    }
    checked++;
    int pairs = worst.length;
    for (int pair = 0; pair < pairs; pair++) {
      for (int p = 0; p < layout.params().size(); p++) {
        ParamSlot slot = layout.params().get(p);
        for (int i = slot.offset(); i < slot.offset() + slot.size(); i++) {
          worst[pair][p] = Math.max(worst[pair][p], errors[pair][i]);
        }
      }
    }
    for (Backend backend : Backend.values()) {
      worstSymmetry[backend.ordinal()] = Math.max(worstSymmetry[backend.ordinal()], errors[pairs][backend.ordinal()]);
    }
  }

  /**
   * The element-wise errors of each pair at {@code params} and, last, the two backends' symmetry
   * errors; null where a loss or gradient the comparison needs is not finite.
   */
  private double[][] compare(Objective generated, Objective interpreted, double[] params, SplittableRandom random) {
    int n = params.length;
    double[] v = new double[n];
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
      u[i] = random.nextGaussian();
    }
    generated.setParameters(params.clone());
    double[] gradient = new double[n];
    double loss = generated.lossAndGradient(0, generated.rows(), gradient);
    double[] again = new double[n];
    double[] hv1 = new double[n];
    double lossAgain = generated.lossGradientAndHessianVector(0, generated.rows(), v, again, hv1);
    if (!Double.isFinite(loss) || !finite(gradient)) {
      return null;
    }
    if (Double.doubleToLongBits(loss) != Double.doubleToLongBits(lossAgain) || !Arrays.equals(gradient, again)) {
      gradientBitsDiffer = true;
    }
    double[] hu1 = HessianCheck.product(generated, params, u);
    interpreted.setParameters(params.clone());
    double[] interpretedGradient = new double[n];
    double[] hv2 = new double[n];
    double interpretedLoss = interpreted.lossGradientAndHessianVector(0, interpreted.rows(), v, interpretedGradient, hv2);
    if (!Double.isFinite(interpretedLoss)) {
      return null;
    }
    double[] hu2 = HessianCheck.product(interpreted, params, u);
    double[] fd1 = HessianCheck.centralDifferences(generated, params, v);
    double[] fd2 = HessianCheck.centralDifferences(interpreted, params, v);
    if (fd1 == null || fd2 == null) {
      return null;
    }
    double scale = Math.max(Math.abs(loss), Math.abs(interpretedLoss));
    for (double value : gradient) {
      scale = Math.max(scale, Math.abs(value));
    }
    double floor = Math.max(GradientAgreement.FLOOR, GradientAgreement.PER_LOSS * scale);
    double[][] errors = new double[GradientAgreement.Pair.values().length + 1][n];
    for (int i = 0; i < n; i++) {
      errors[GradientAgreement.Pair.GENERATED_FD.ordinal()][i] = relativeError(hv1[i], fd1[i], floor);
      errors[GradientAgreement.Pair.INTERPRETED_FD.ordinal()][i] = relativeError(hv2[i], fd2[i], floor);
      errors[GradientAgreement.Pair.GENERATED_INTERPRETED.ordinal()][i] = relativeError(hv1[i], hv2[i], floor);
    }
    errors[errors.length - 1] = new double[] {
      relativeError(HessianCheck.dot(u, hv1), HessianCheck.dot(v, hu1), floor),
      relativeError(HessianCheck.dot(u, hv2), HessianCheck.dot(v, hu2), floor)
    };
    return errors;
  }

  private static boolean finite(double[] values) {
    for (double value : values) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /** As the gradient check's: 0 for equal values, infinite where only one is finite or either is NaN. */
  static double relativeError(double a, double b, double floor) {
    if (Double.compare(a, b) == 0) {
      return 0;
    }
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.abs(a - b) / Math.max(Math.max(Math.abs(a), Math.abs(b)), floor);
  }
}
