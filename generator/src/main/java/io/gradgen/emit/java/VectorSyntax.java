package io.gradgen.emit.java;

import com.palantir.javapoet.ClassName;
import io.gradgen.ir.Op;

/**
 * How the SIMD kernels spell Vector API code ({@code jdk.incubator.vector}), the vector twin of
 * {@link JavaSyntax}: each lane computes exactly what the scalar expression computes, so a SIMD
 * kernel gives its scalar twin's bits. Vectors hold {@value #LANES} doubles ({@code
 * DoubleVector.SPECIES_256}), the lanes of {@link MethodWriter}'s split sums: lane {@code l} of a
 * vector sum is the partial sum of the terms {@code k ≡ l (mod 4)}. Floats are read four at a
 * time and widened lane by lane ({@code F2D}), as {@code (double) f} widens one. One species
 * everywhere, {@code VectorFunctions} included: see its note on why a second one is slow.
 *
 * <p>Ops with no exact lane operation ({@code exp}, {@code log}, {@code sin} … whose JIT stubs
 * are not what the Vector API's versions compute) give {@code null}: their loops stay scalar.
 * {@code tanh} is the exception, through {@code io.gradgen.runtime.simd.VectorFunctions}.
 *
 * <pre>
 * load("p", "i * 32 + k", false)  → DoubleVector.fromArray(D4, p, i * 32 + k)
 * binary(MUL, a, b)               → a.mul(b)
 * unary(RELU, x)                  → DoubleVector.zero(D4).blend(x, x.compare(…VectorOperators.GT, 0.0))
 * </pre>
 *
 * Emitted code names {@code DoubleVector} and {@code FloatVector} by their simple names; {@link
 * JavaEmitter} imports them through the species fields it declares ({@link #DOUBLES}, {@link
 * #FLOATS}).
 */
final class VectorSyntax {
  static final int LANES = 4;
  static final ClassName DOUBLE_VECTOR = ClassName.get("jdk.incubator.vector", "DoubleVector");
  static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
  static final ClassName SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
  static final ClassName FUNCTIONS = ClassName.get("io.gradgen.runtime.simd", "VectorFunctions");
  /** Spelled out in full where used: its only uses are a comparison or a conversion. */
  private static final String OPERATORS = "jdk.incubator.vector.VectorOperators";
  /** The field holding {@code DoubleVector.SPECIES_256}. */
  static final String DOUBLES = "D4";
  /** The field holding {@code FloatVector.SPECIES_128}. */
  static final String FLOATS = "F4";

  private VectorSyntax() {}

  /** The vector of {@code array[index .. index + 3]}; floats are widened. */
  static String load(String array, String index, boolean floats) {
    if (floats) {
      return "((DoubleVector) FloatVector.fromArray(" + FLOATS + ", " + array + ", " + index
          + ").convertShape(" + OPERATORS + ".F2D, " + DOUBLES + ", 0))";
    }
    return "DoubleVector.fromArray(" + DOUBLES + ", " + array + ", " + index + ")";
  }

  static String broadcast(String scalar) {
    return "DoubleVector.broadcast(" + DOUBLES + ", " + scalar + ")";
  }

  static String zero() {
    return "DoubleVector.zero(" + DOUBLES + ")";
  }

  /** {@code vector} stored into {@code array[index .. index + 3]}, as a statement. */
  static String store(String vector, String array, String index) {
    return vector + ".intoArray(" + array + ", " + index + ")";
  }

  static String lane(String vector, int lane) {
    return vector + ".lane(" + lane + ")";
  }

  /** The lane-by-lane twin of {@link JavaSyntax#unary}, or {@code null} if there is none. */
  static String unary(Op op, String x) {
    return switch (op) {
      case NEG -> x + ".neg()";
      case SQRT -> x + ".sqrt()";
      case ABS -> x + ".abs()";
      case RELU -> zero() + ".blend(" + x + ", " + x + ".compare(" + OPERATORS + ".GT, 0.0))";
      case STEP -> zero() + ".blend(1.0, " + x + ".compare(" + OPERATORS + ".GT, 0.0))";
      default -> null;
    };
  }

  /** The lane-by-lane twin of {@link JavaSyntax#binary}, or {@code null} if there is none. */
  static String binary(Op op, String a, String b) {
    return switch (op) {
      case ADD -> a + ".add(" + b + ")";
      case MUL -> a + ".mul(" + b + ")";
      case DIV -> a + ".div(" + b + ")";
      case MAX -> a + ".max(" + b + ")";
      case MIN -> a + ".min(" + b + ")";
      case SAFE_DIV -> a + ".div(" + b + ").blend(0.0, " + b + ".compare(" + OPERATORS + ".EQ, 0.0))";
      default -> null;
    };
  }
}
