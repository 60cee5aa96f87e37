package io.gradgen.samples;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * NumPy's legacy {@code numpy.random.RandomState}, bit for bit, as far as the seed tutorials use it:
 * {@code seed(int)}, {@code rand}/{@code random_sample}, {@code randn}/{@code standard_normal},
 * {@code normal}, {@code uniform} and {@code shuffle} of a 1-D array. The tutorials' data can then be
 * regenerated in Java and compared with the checked-in CSV files.
 *
 * <ul>
 *   <li>The bit source is MT19937 seeded with {@code init_genrand(seed)}, as {@code
 *       RandomState(seed)} does for an integer seed in [0, 2³²).
 *   <li>{@link #randomSample()} is {@code ((a >>> 5)·2²⁶ + (b >>> 6)) / 2⁵³} of two 32-bit words.
 *   <li>{@link #standardNormal()} is the legacy polar Box–Muller {@code gauss}: each accepted pair
 *       gives two values, the second cached for the next call (so {@code randn} and {@code normal}
 *       share the cache, as in NumPy).
 *   <li>{@link #shuffle(int[])} is the legacy Fisher–Yates: for i from n−1 down to 1, swap with
 *       {@code random_interval(i)}, a 32-bit word masked to the smallest all-ones mask covering i,
 *       drawn again while it exceeds i.
 * </ul>
 *
 * <pre>
 * NumpyRandom random = new NumpyRandom(42);   // np.random.seed(42)
 * random.randomSample();                      // 0.3745401188473625
 * random.randomSample();                      // 0.9507143064099162
 * new NumpyRandom(42).standardNormal();       // 0.4967141530112327
 * </pre>
 *
 * <p>One known difference: {@code gauss} takes a logarithm, and NumPy gets it from the C library.
 * Here it is correctly rounded ({@link #log}); glibc's {@code log} is not always (measured: 40 of
 * 39,232 arguments of {@code gauss} one unit in the last place off), so about one normal pair in
 * a thousand can differ from NumPy's in the last bit. {@code Math.log} and {@code StrictMath.log}
 * are much further off (3% of the pairs). The samples' data sets were compared with NumPy 2.4
 * value by value: {@code line-fit.csv} and {@code bad-start.csv} are identical, {@code
 * make-regression.csv} differs in two x values by one unit in the last place.
 */
public final class NumpyRandom {
  private static final int N = 624;
  private static final int M = 397;

  private final int[] mt = new int[N];
  private int index;
  private boolean hasGauss;
  private double gauss;

  /** {@code np.random.RandomState(seed)}. */
  public NumpyRandom(long seed) {
    if (seed < 0 || seed > 0xffffffffL) {
      throw new IllegalArgumentException("seed must be between 0 and 2**32 - 1, not " + seed);
    }
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    index = N;
  }

  /** The next 32-bit word of MT19937 ({@code genrand_int32}), as an unsigned value in an int. */
  int nextInt32() {
    if (index >= N) {
      twist();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      int next = mt[(i + M) % N] ^ (y >>> 1);
      if ((y & 1) != 0) {
        next ^= 0x9908b0df;
      }
      mt[i] = next;
    }
    index = 0;
  }

  /** {@code random_sample()}: uniform on [0, 1) with 53 random bits. */
  public double randomSample() {
    long a = (nextInt32() & 0xffffffffL) >>> 5;
    long b = (nextInt32() & 0xffffffffL) >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** {@code standard_normal()} (and each element of {@code randn}): the legacy {@code gauss}. */
  public double standardNormal() {
    if (hasGauss) {
      hasGauss = false;
      double cached = gauss;
      gauss = 0;
      return cached;
    }
    double x1;
    double x2;
    double r2;
    do {
      x1 = 2.0 * randomSample() - 1.0;
      x2 = 2.0 * randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = Math.sqrt(-2.0 * log(r2) / r2);
    gauss = f * x1;
    hasGauss = true;
    return f * x2;
  }

  private static final MathContext WIDE = new MathContext(40);
  private static final BigDecimal LN2 = atanhTwice(BigDecimal.ONE.divide(BigDecimal.valueOf(3), WIDE));

  /**
   * The natural logarithm of a positive finite {@code x}, correctly rounded: {@code x = m·2^e} with
   * m in [1, 2), {@code ln x = e·ln 2 + 2·atanh((m − 1)/(m + 1))}, summed to 40 digits and rounded
   * once.
   */
  static double log(double x) {
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("log of " + x);
    }
    int exponent = Math.getExponent(x);
    if (exponent < Double.MIN_EXPONENT) {
      exponent = Math.getExponent(x * 0x1p64) - 64;
    }
    BigDecimal m = new BigDecimal(x).divide(pow2(exponent), WIDE);
    BigDecimal z = m.subtract(BigDecimal.ONE).divide(m.add(BigDecimal.ONE), WIDE);
    return LN2.multiply(BigDecimal.valueOf(exponent), WIDE).add(atanhTwice(z), WIDE).doubleValue();
  }

  private static BigDecimal pow2(int exponent) {
    return exponent >= 0
        ? new BigDecimal(java.math.BigInteger.ONE.shiftLeft(exponent))
        : BigDecimal.ONE.divide(new BigDecimal(java.math.BigInteger.ONE.shiftLeft(-exponent)));
  }

  /** {@code 2·atanh(z) = 2·(z + z³/3 + z⁵/5 + …)} for |z| ≤ 1/3. */
  private static BigDecimal atanhTwice(BigDecimal z) {
    BigDecimal z2 = z.multiply(z, WIDE);
    BigDecimal power = z;
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal limit = BigDecimal.ONE.movePointLeft(45);
    for (int k = 1; ; k += 2) {
      BigDecimal term = power.divide(BigDecimal.valueOf(k), WIDE);
      sum = sum.add(term, WIDE);
      if (term.abs().compareTo(limit) < 0) {
        return sum.multiply(BigDecimal.valueOf(2), WIDE);
      }
      power = power.multiply(z2, WIDE);
    }
  }

  /** {@code normal(loc, scale)}: {@code loc + scale·gauss}. */
  public double normal(double loc, double scale) {
    return loc + scale * standardNormal();
  }

  /** {@code uniform(low, high)}: {@code low + (high − low)·random_sample}. */
  public double uniform(double low, double high) {
    return low + (high - low) * randomSample();
  }

  /** {@code rand(n)}: n draws of {@link #randomSample()}. */
  public double[] rand(int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = randomSample();
    }
    return values;
  }

  /** {@code randn(n)}: n draws of {@link #standardNormal()}. */
  public double[] randn(int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = standardNormal();
    }
    return values;
  }

  /** {@code random_interval(max)}: uniform on [0, max] by masked rejection; max below 2³². */
  long randomInterval(long max) {
    if (max == 0) {
      return 0;
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long value;
    do {
      value = (nextInt32() & 0xffffffffL) & mask;
    } while (value > max);
    return value;
  }

  /** {@code shuffle(x)} of a 1-D array, in place. */
  public void shuffle(int[] values) {
    for (int i = values.length - 1; i > 0; i--) {
      int j = (int) randomInterval(i);
      int swap = values[i];
      values[i] = values[j];
      values[j] = swap;
    }
  }

  /** {@code np.arange(n)} after {@code shuffle}. */
  public int[] permutation(int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    shuffle(values);
    return values;
  }
}
