package io.gradgen.runtime.simd;

import static io.gradgen.runtime.Functions.EXPONENT_ONE;
import static io.gradgen.runtime.Functions.EXP_P1;
import static io.gradgen.runtime.Functions.EXP_P2;
import static io.gradgen.runtime.Functions.EXP_P3;
import static io.gradgen.runtime.Functions.EXP_P4;
import static io.gradgen.runtime.Functions.EXP_P5;
import static io.gradgen.runtime.Functions.INV_LN2;
import static io.gradgen.runtime.Functions.LN2_HI;
import static io.gradgen.runtime.Functions.LN2_LO;
import static io.gradgen.runtime.Functions.ROUNDING_SHIFTER;
import static io.gradgen.runtime.Functions.TANH_P0;
import static io.gradgen.runtime.Functions.TANH_P1;
import static io.gradgen.runtime.Functions.TANH_P2;
import static io.gradgen.runtime.Functions.TANH_Q0;
import static io.gradgen.runtime.Functions.TANH_Q1;
import static io.gradgen.runtime.Functions.TANH_Q2;
import static io.gradgen.runtime.Functions.TANH_RATIONAL_BELOW;
import static io.gradgen.runtime.Functions.TANH_SATURATED;

import io.gradgen.runtime.Functions;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Functions} over whole arrays, several lanes at a time with the JDK's Vector API, giving
 * bit for bit what the scalar function gives for each element: every lane evaluates both of
 * {@link Functions#tanh}'s branches with the same IEEE operations in the same order, and a mask
 * picks the one the scalar code would have taken. What the SIMD kernels call for an elementwise
 * function that has no single vector instruction.
 *
 * <p>Only loaded by kernels generated with SIMD (see {@link Simd}), so the rest of the runtime
 * runs on a JVM without {@code jdk.incubator.vector}.
 *
 * <pre>
 * VectorFunctions.tanh(z, 0, h, 0, 64);   // h[i] = Functions.tanh(z[i]) for i in [0, 64)
 * </pre>
 */
public final class VectorFunctions {
  /**
   * The generated kernels' species, not {@code SPECIES_PREFERRED} (512 bits on AVX-512): with two
   * species in one JVM the Vector API's shared methods see two vector classes, C2 no longer
   * intrinsifies them, and every vector becomes an object (measured: a tanh network's epoch went
   * from 90 to 336 ms).
   */
  private static final VectorSpecies<Double> LANES = DoubleVector.SPECIES_256;

  private VectorFunctions() {}

  /** {@code out[outOffset + i] = Functions.tanh(in[inOffset + i])} for {@code i} in {@code [0, count)}. */
  public static void tanh(double[] in, int inOffset, double[] out, int outOffset, int count) {
    int width = LANES.length();
    int i = 0;
    for (; i <= count - width; i += width) {
      tanh(DoubleVector.fromArray(LANES, in, inOffset + i)).intoArray(out, outOffset + i);
    }
    for (; i < count; i++) {
      out[outOffset + i] = Functions.tanh(in[inOffset + i]);
    }
  }

  private static DoubleVector tanh(DoubleVector x) {
    DoubleVector z = x.abs();
    DoubleVector t = DoubleVector.broadcast(LANES, 1.0).sub(
        DoubleVector.broadcast(LANES, 2.0).div(exp(z.add(z)).add(1.0)));
    DoubleVector large = t.blend(t.neg(), x.compare(VectorOperators.LT, 0.0))
        .blend(DoubleVector.broadcast(LANES, 1.0).blend(-1.0, x.compare(VectorOperators.LT, 0.0)),
            z.compare(VectorOperators.GT, TANH_SATURATED));
    DoubleVector s = x.mul(x);
    DoubleVector p = s.mul(TANH_P0).add(TANH_P1).mul(s).add(TANH_P2);
    DoubleVector q = s.add(TANH_Q0).mul(s).add(TANH_Q1).mul(s).add(TANH_Q2);
    DoubleVector small = x.add(x.mul(s).mul(p.div(q)));
    VectorMask<Double> keep = x.compare(VectorOperators.EQ, 0.0).or(x.test(VectorOperators.IS_NAN));
    return large.blend(small, z.compare(VectorOperators.LT, TANH_RATIONAL_BELOW)).blend(x, keep);
  }

  /** {@code Functions.exp}, lane by lane. */
  private static DoubleVector exp(DoubleVector a) {
    DoubleVector shifted = a.mul(INV_LN2).add(ROUNDING_SHIFTER);
    DoubleVector k = shifted.sub(ROUNDING_SHIFTER);
    DoubleVector hi = a.sub(k.mul(LN2_HI));
    DoubleVector lo = k.mul(LN2_LO);
    DoubleVector r = hi.sub(lo);
    DoubleVector rr = r.mul(r);
    DoubleVector c = r.sub(rr.mul(rr.mul(rr.mul(rr.mul(rr.mul(EXP_P5).add(EXP_P4)).add(EXP_P3)).add(EXP_P2))
        .add(EXP_P1)));
    DoubleVector er = DoubleVector.broadcast(LANES, 1.0)
        .sub(lo.sub(r.mul(c).div(DoubleVector.broadcast(LANES, 2.0).sub(c))).sub(hi));
    DoubleVector twoToTheK = shifted.reinterpretAsLongs()
        .lanewise(VectorOperators.LSHL, 52)
        .add(EXPONENT_ONE)
        .reinterpretAsDoubles();
    return er.mul(twoToTheK);
  }
}
