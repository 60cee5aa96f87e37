package io.gradgen.runtime.simd;

import java.util.Locale;

/**
 * Whether kernels may be generated with SIMD, that is with the JDK's Vector API ({@code
 * jdk.incubator.vector}). A SIMD kernel computes exactly the bits of its scalar twin, only faster,
 * so this decides speed alone. It is used where three things hold:
 *
 * <ul>
 *   <li>the JVM resolved the module ({@code java --add-modules jdk.incubator.vector}, which the
 *       {@code gradgen} launcher passes; the JVM then prints one warning that the module is
 *       incubating);
 *   <li>this machine's vectors hold at least four doubles (AVX2 or AVX-512 on x86; a narrower
 *       machine would run the Vector API in slow software emulation);
 *   <li>the system property {@code gradgen.simd} is not {@code false} (the environment variable
 *       {@code GRADGEN_SIMD=off} has the launcher set it).
 * </ul>
 *
 * <pre>
 * Simd.enabled()   // true under the launcher on an AVX2 machine
 * Simd.status()    // "on (jdk.incubator.vector, 512-bit vectors)" or why not
 * </pre>
 */
public final class Simd {
  /** The module the SIMD kernels need. */
  public static final String MODULE = "jdk.incubator.vector";

  private static final String STATUS = probe();

  private Simd() {}

  /** Whether {@link #status()} is "on". */
  public static boolean enabled() {
    return STATUS.startsWith("on");
  }

  /** "on (…)" or "off (why)", for {@code gradgen bench} and the docs' troubleshooting. */
  public static String status() {
    return STATUS;
  }

  private static String probe() {
    if ("false".equals(System.getProperty("gradgen.simd", "").toLowerCase(Locale.ROOT))) {
      return "off (gradgen.simd=false)";
    }
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return "off (the JVM was started without --add-modules " + MODULE + ")";
    }
    int bits = Width.preferredBits();
    if (bits < 256) {
      return "off (this machine's vectors are " + bits + "-bit; SIMD kernels need 256)";
    }
    return "on (" + MODULE + ", " + bits + "-bit vectors)";
  }

  /** Touches the Vector API only once the module is known to be there. */
  private static final class Width {
    static int preferredBits() {
      return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
    }
  }
}
