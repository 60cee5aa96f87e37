package io.gradgen.emit.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.gradgen.ir.Op;

/**
 * How the SIMD kernels spell Vector API code ({@code jdk.incubator.vector}), the vector twin of
 * {@link JavaSyntax}: each lane computes exactly what the scalar expression computes, so a SIMD
 * kernel gives its scalar twin's bits. Vectors hold {@value #LANES} doubles ({@code
 * DoubleVector.SPECIES_256}), the lanes of the split sums ({@link SumWriter}): lane {@code l} of a
 * vector sum is the partial sum of the terms {@code k ≡ l (mod 4)}. Floats are read four at a time
 * and widened lane by lane ({@code F2D}), as {@code (double) f} widens one. One species
 * everywhere, {@code VectorFunctions} included: see its note on why a second one is slow.
 *
 * <p>Ops with no exact lane operation ({@code exp}, {@code log}, {@code sin} … whose JIT stubs
 * are not what the Vector API's versions compute) give {@code null}: their loops stay scalar.
 * {@code tanh} is the exception, through {@code io.gradgen.runtime.simd.VectorFunctions}.
 *
 * <pre>
 * load("p", i * 32 + k, false)  → DoubleVector.fromArray(D4, p, i * 32 + k)
 * binary(MUL, a, b)             → a.mul(b)
 * unary(RELU, x)                → DoubleVector.zero(D4).blend(x, x.compare(VectorOperators.GT, 0.0))
 * </pre>
 */
final class VectorSyntax {
  static final int LANES = 4;
  static final ClassName DOUBLE_VECTOR = ClassName.get("jdk.incubator.vector", "DoubleVector");
  static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
  static final ClassName SPECIES = ClassName.get("jdk.incubator.vector", "VectorSpecies");
  static final ClassName OPERATORS = ClassName.get("jdk.incubator.vector", "VectorOperators");
  static final ClassName FUNCTIONS = ClassName.get("io.gradgen.runtime.simd", "VectorFunctions");

  private final JavaNames names;

  VectorSyntax(JavaNames names) {
    this.names = names;
  }

  /** The vector of {@code array[index .. index + 3]}; floats are widened. */
  JavaExpr load(String array, Ix index, boolean floats) {
    if (floats) {
      return JavaExpr.atom("(($T) $T.fromArray($N, $N, $L).convertShape($T.F2D, $N, 0))", DOUBLE_VECTOR,
          FLOAT_VECTOR, names.floatSpecies(), array, index.code(), OPERATORS, names.doubleSpecies());
    }
    return JavaExpr.compound("$T.fromArray($N, $N, $L)", DOUBLE_VECTOR, names.doubleSpecies(), array, index.code());
  }

  JavaExpr broadcast(JavaExpr scalar) {
    return JavaExpr.compound("$T.broadcast($N, $L)", DOUBLE_VECTOR, names.doubleSpecies(), scalar.code());
  }

  JavaExpr zero() {
    return JavaExpr.compound("$T.zero($N)", DOUBLE_VECTOR, names.doubleSpecies());
  }

  /** {@code vector} stored into {@code array[index .. index + 3]}, as a statement. */
  static CodeBlock store(JavaExpr vector, String array, Ix index) {
    return CodeBlock.of("$L.intoArray($N, $L)", vector.code(), array, index.code());
  }

  static JavaExpr lane(String vector, int lane) {
    return JavaExpr.compound("$N.lane($L)", vector, lane);
  }

  /** The lane-by-lane twin of {@link JavaSyntax#unary}, or {@code null} if there is none. */
  JavaExpr unary(Op op, JavaExpr operand) {
    CodeBlock x = operand.code();
    return switch (op) {
      case NEG -> JavaExpr.compound("$L.neg()", x);
      case SQRT -> JavaExpr.compound("$L.sqrt()", x);
      case ABS -> JavaExpr.compound("$L.abs()", x);
      case RELU -> JavaExpr.compound("$L.blend($L, $L.compare($T.GT, 0.0))", zero().code(), x, x, OPERATORS);
      case STEP -> JavaExpr.compound("$L.blend(1.0, $L.compare($T.GT, 0.0))", zero().code(), x, OPERATORS);
      default -> null;
    };
  }

  /** The lane-by-lane twin of {@link JavaSyntax#binary}, or {@code null} if there is none. */
  JavaExpr binary(Op op, JavaExpr left, JavaExpr right) {
    CodeBlock a = left.code();
    CodeBlock b = right.code();
    return switch (op) {
      case ADD -> JavaExpr.compound("$L.add($L)", a, b);
      case MUL -> JavaExpr.compound("$L.mul($L)", a, b);
      case DIV -> JavaExpr.compound("$L.div($L)", a, b);
      case MAX, CLAMP_MIN -> JavaExpr.compound("$L.max($L)", a, b);
      case MIN, CLAMP_MAX -> JavaExpr.compound("$L.min($L)", a, b);
      case LESS -> comparison(a, b, "LT");
      case LESS_EQUAL -> comparison(a, b, "LE");
      case EQUAL -> comparison(a, b, "EQ");
      case NOT_EQUAL -> comparison(a, b, "NE");
      case SAFE_DIV -> JavaExpr.compound("$L.div($L).blend(0.0, $L.compare($T.EQ, 0.0))", a, b, b, OPERATORS);
      default -> null;
    };
  }

  /** 1.0 in the lanes where {@code a OP b} holds, else 0.0: IEEE comparisons, NaN as in Java. */
  private JavaExpr comparison(CodeBlock a, CodeBlock b, String operator) {
    return JavaExpr.compound("$L.blend(1.0, $L.compare($T.$L, $L))", zero().code(), a, OPERATORS, operator, b);
  }
}
