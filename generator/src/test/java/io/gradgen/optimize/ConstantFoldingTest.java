package io.gradgen.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Indices;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.ClassIndexException;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.Precision;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ConstantFolding} one node at a time, each built by hand in a {@link GraphBuilder}, and its
 * promise: a folded constant has exactly the bits the generated kernel computes when the same
 * values are params instead of consts.
 */
class ConstantFoldingTest {
  private static final ConstantFolding FOLD = new ConstantFolding();
  private static final Shape V2 = Shape.vector(2);

  /** The values of the constant {@code node} folds to; fails if it does not fold. */
  private static double[] fold(GraphBuilder g, int node) {
    int folded = FOLD.apply(g, g.node(node));
    assertTrue(folded >= 0, "did not fold " + g.node(node));
    assertTrue(g.node(folded).isConstant(), "folded to " + g.node(folded));
    assertEquals(g.node(node).shape(), g.node(folded).shape());
    return g.node(folded).values().toArray();
  }

  @Test
  void aBinaryOpOfConstantsBecomesItsValue() {
    GraphBuilder g = new GraphBuilder();
    int product = g.mul(g.scalar(2), g.scalar(3));
    assertArrayEquals(new double[] {6}, fold(g, product));
  }

  @Test
  void aUnaryOpOfAConstantIsApplyElementByElement() {
    GraphBuilder g = new GraphBuilder();
    int tanh = g.unary(Op.TANH, g.constant(V2, 0.5, -3));
    assertArrayEquals(new double[] {Op.TANH.apply(0.5), Op.TANH.apply(-3)}, fold(g, tanh));
  }

  @Test
  void aFiniteConstantTimesZeroIsZeroWithIeeesSign() {
    GraphBuilder g = new GraphBuilder();
    int product = g.mul(g.constant(V2, 3, -2), g.filled(V2, 0));
    double[] values = fold(g, product);
    assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(values[0]));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(values[1]));
  }

  @Test
  void infinityTimesZeroFoldsToNaNNotZero() {
    GraphBuilder g = new GraphBuilder();
    int product = g.mul(g.scalar(Double.POSITIVE_INFINITY), g.scalar(0));
    assertTrue(Double.isNaN(fold(g, product)[0]));
  }

  @Test
  void structureOfConstantsFolds() {
    GraphBuilder g = new GraphBuilder();
    int m = g.constant(Shape.matrix(2, 3), 1, 2, 3, 4, 5, 6);
    assertArrayEquals(new double[] {7, 7}, fold(g, g.broadcast(g.scalar(7), V2)));
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, fold(g, g.transpose(m)));
    assertArrayEquals(new double[] {4, 5, 6}, fold(g, g.index(m, List.of(1))));
    assertArrayEquals(new double[] {6}, fold(g, g.index(m, List.of(1, 2))));
    assertArrayEquals(new double[] {0, 0, 0, 0, 9, 0},
        fold(g, g.indexAdjoint(g.scalar(9), new Indices(List.of(1, 1), Shape.matrix(2, 3)))));
    assertArrayEquals(new double[] {21}, fold(g, g.sum(m)));
  }

  @Test
  void oneHotOfAConstantClassFoldsRoundingTheClass() {
    GraphBuilder g = new GraphBuilder();
    assertArrayEquals(new double[] {0, 0, 1, 0}, fold(g, g.oneHot(g.scalar(2), 4)));
    assertArrayEquals(new double[] {0, 0, 1, 0}, fold(g, g.oneHot(g.scalar(1.5), 4)));
    assertThrows(ClassIndexException.class, () -> fold(g, g.oneHot(g.scalar(4), 4)));
    assertThrows(ClassIndexException.class, () -> fold(g, g.oneHot(g.scalar(-1), 4)));
  }

  @Test
  void linearAlgebraAndReductionsOfConstantsFold() {
    GraphBuilder g = new GraphBuilder();
    int m = g.constant(Shape.matrix(2, 2), 1, 2, 3, 4);
    int v = g.constant(V2, 5, 6);
    assertArrayEquals(new double[] {17, 39}, fold(g, g.matmul(m, v)));
    assertArrayEquals(new double[] {23, 34}, fold(g, g.matmul(v, m)));
    assertArrayEquals(new double[] {61}, fold(g, g.matmul(v, v)));
    assertArrayEquals(new double[] {7, 10, 15, 22}, fold(g, g.matmul(m, m)));
    assertArrayEquals(new double[] {5, 6, 10, 12}, fold(g, g.outer(g.constant(V2, 1, 2), v)));
    assertArrayEquals(new double[] {5}, fold(g, g.norm(g.constant(V2, 3, 4))));
    assertArrayEquals(new double[] {Math.log(Math.exp(5) + Math.exp(6))}, fold(g, g.logsumexp(v)), 1e-14);
  }

  @Test
  void extremaOfConstantsFoldWithTheFirstPositionOnATie() {
    GraphBuilder g = new GraphBuilder();
    int m = g.constant(Shape.matrix(2, 2), 3, 7, 7, -1);
    assertArrayEquals(new double[] {7}, fold(g, g.extremum(Op.AMAX, m)));
    assertArrayEquals(new double[] {-1}, fold(g, g.extremum(Op.AMIN, m)));
    assertArrayEquals(new double[] {1}, fold(g, g.extremum(Op.ARGMAX, m)));
    assertArrayEquals(new double[] {0}, fold(g, g.extremum(Op.ARGMAX, g.constant(V2, 2, 2))));
    assertArrayEquals(new double[] {0, 4, 0}, fold(g, g.indexAdjoint(g.scalar(4), new Indices(List.of(1), Shape.vector(3)))));
  }

  @Test
  void leavesStayAsTheyAre() {
    GraphBuilder g = new GraphBuilder();
    assertEquals(-1, FOLD.apply(g, g.node(g.param("w", V2))));
    assertEquals(-1, FOLD.apply(g, g.node(g.input("x", V2))));
    assertEquals(-1, FOLD.apply(g, g.node(g.constant(V2, 1, 2))));
  }

  @Test
  void oneOperandThatIsNotAConstantStopsTheFold() {
    GraphBuilder g = new GraphBuilder();
    int w = g.param("w", V2);
    assertEquals(-1, FOLD.apply(g, g.node(g.mul(w, g.filled(V2, 0)))));
    assertEquals(-1, FOLD.apply(g, g.node(g.oneHot(g.sum(w), 3))));
  }

  @Test
  void noValueOfMoreThan4096ElementsIsFolded() {
    GraphBuilder g = new GraphBuilder();
    int fits = g.neg(g.filled(Shape.matrix(64, 64), 2));
    int tooLarge = g.neg(g.filled(Shape.vector(4097), 2));
    assertEquals(-2, fold(g, fits)[4095]);
    assertEquals(-1, FOLD.apply(g, g.node(tooLarge)));
  }

  // The kernel's arithmetic.

  /**
   * One expression over named tensors, each a const in one model and a param in the other, and
   * the expression's value with every sum taken in index order: the old arithmetic, which must
   * give other bits for some element, or the case would prove nothing.
   */
  private record Case(String name, Map<String, Shape> tensors, String expression,
      Function<Map<String, double[]>, double[]> indexOrder) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> foldedSums() {
    return Stream.of(
        new Case("dot of 10, unrolled, two past the lanes", tensors("u", Shape.vector(10), "v", Shape.vector(10)),
            "dot(u, v)", t -> new double[] {indexOrderDot(t.get("u"), 0, 1, t.get("v"), 0, 1, 10)}),
        new Case("matrix [2,8] times vector, unrolled", tensors("m", Shape.matrix(2, 8), "v", Shape.vector(8)),
            "m @ v", t -> indexOrderProduct(t.get("m"), 2, 8, t.get("v"), 1)),
        new Case("matrix [3,9] times vector, rolled", tensors("m", Shape.matrix(3, 9), "v", Shape.vector(9)),
            "m @ v", t -> indexOrderProduct(t.get("m"), 3, 9, t.get("v"), 1)),
        new Case("vector times matrix [8,2], unrolled", tensors("v", Shape.vector(8), "m", Shape.matrix(8, 2)),
            "v @ m", t -> indexOrderProduct(t.get("v"), 1, 8, t.get("m"), 2)),
        new Case("matrix [2,8] times matrix [8,1], unrolled", tensors("a", Shape.matrix(2, 8), "b", Shape.matrix(8, 1)),
            "a @ b", t -> indexOrderProduct(t.get("a"), 2, 8, t.get("b"), 1)),
        new Case("sum of 9, unrolled", tensors("c", Shape.vector(9)),
            "sum(c)", t -> new double[] {indexOrderDot(t.get("c"), 0, 1, ones(9), 0, 1, 9)}),
        new Case("sum of [3,7], rolled", tensors("c", Shape.matrix(3, 7)),
            "sum(c)", t -> new double[] {indexOrderDot(t.get("c"), 0, 1, ones(21), 0, 1, 21)}),
        new Case("norm of 11, unrolled", tensors("c", Shape.vector(11)),
            "norm(c)", t -> new double[] {Math.sqrt(indexOrderDot(t.get("c"), 0, 1, t.get("c"), 0, 1, 11))}),
        new Case("norm of [5,6], rolled", tensors("c", Shape.matrix(5, 6)),
            "norm(c)", t -> new double[] {Math.sqrt(indexOrderDot(t.get("c"), 0, 1, t.get("c"), 0, 1, 30))}))
        .map(Arguments::of);
  }

  /**
   * Rolled products that read a matrix down its columns, at lane offsets: the kernel reads other
   * elements than the product's (see {@link #aFoldedSumHasTheKernelsBits}'s disabled twin).
   */
  static Stream<Arguments> foldedSumsOverMatrixColumns() {
    return Stream.of(
        new Case("vector times matrix [9,2], rolled", tensors("v", Shape.vector(9), "m", Shape.matrix(9, 2)),
            "v @ m", t -> indexOrderProduct(t.get("v"), 1, 9, t.get("m"), 2)),
        new Case("matrix [2,11] times matrix [11,3], rolled", tensors("a", Shape.matrix(2, 11), "b", Shape.matrix(11, 3)),
            "a @ b", t -> indexOrderProduct(t.get("a"), 2, 11, t.get("b"), 3)),
        new Case("transposed matrix [9,2] times vector, rolled", tensors("m", Shape.matrix(9, 2), "v", Shape.vector(9)),
            "m' @ v", t -> indexOrderProduct(t.get("v"), 1, 9, t.get("m"), 2)))
        .map(Arguments::of);
  }

  /**
   * For each case: the model {@code param p; const …; output o = EXPR} is optimized, and its
   * output, folded to a constant, has the bits of the output that the kernel of {@code param p;
   * param …; output o = EXPR} computes from the same values, scalar and SIMD; the const model's
   * own kernel returns them too.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("foldedSums")
  void aFoldedSumHasTheKernelsBits(Case c) {
    assertFoldedAsTheKernel(c);
  }

  /**
   * Fails: {@code Ix.times} (emit/java/Ix.java) writes {@code k + 1 * 2} for {@code (k + 1) * 2},
   * so a rolled, split inner sum that steps down a matrix's rows (the right operand of v @ m and
   * a @ b, the operand of m' @ v) reads element {@code k + 2 + j} instead of {@code (k + 1)·2 + j}
   * in lanes 1 to 3; the kernel's value (and any gradient through such a product) is wrong.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("foldedSumsOverMatrixColumns")
  void aFoldedSumOverMatrixColumnsHasTheKernelsBits(Case c) {
    assertFoldedAsTheKernel(c);
  }

  /** The expressions of PyTorch's wider vocabulary, on values that reach their kinks and edges. */
  static Stream<String> torchFunctions() {
    return Stream.of("erf(c)", "log1p(c)", "expm1(c)", "asin(c / 8)", "acos(c / 8)", "atan(c)", "sinh(c)", "cosh(c)",
        "gelu(c)", "silu(c)", "logsigmoid(c)", "leaky_relu(c, slope = 0.2)", "elu(c, alpha = 2)", "clamp(c, -0.3, 0.3)",
        "sign(c)", "step(c)", "(c < 0.25) + (c <= 0.25) * 2 + (c == 0) * 4 + (c != 0) * 8 + (c > 0) * 16 + (c >= 0) * 32");
  }

  /**
   * {@code output o = EXPR} of a const {@code c} folds to a constant whose bits are what the kernel
   * computes, scalar and SIMD, when {@code c} is a param with the same values.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("torchFunctions")
  void aFoldedTorchFunctionHasTheKernelsBits(String expression) {
    String values = "[-7.5, -1.5, -0.3, -0.0, 0.0, 1e-300, 0.25, 0.9]";
    String body = " c[8] = " + values + "\noutput o = " + expression + "\nloss p * p\n";
    Graph optimized = Pipeline.optimize(Pipeline.differentiate(checked("model M\nparam p = 1\nconst" + body)));
    Node output = optimized.node(optimized.output());
    assertTrue(output.isConstant(), expression + " did not fold:\n" + optimized.dump());
    CheckedModel params = checked("model M\nparam p = 1\nparam" + body);
    for (boolean simd : new boolean[] {false, true}) {
      double[] out = new double[8];
      CompiledModel model = Gradgen.compile(params, Precision.F64, AdjointRules.standard(), simd);
      ((DoubleKernel) model.kernel()).predict(model.initialParams(0), new double[0], 0, out);
      assertBits(output.values().toArray(), out, expression + (simd ? ", SIMD" : ", scalar"));
    }
  }

  /**
   * The values are {@link #awkward} ones from the first seed whose index-order sums give other
   * bits than the folded constant for some element.
   */
  private static void assertFoldedAsTheKernel(Case c) {
    Map<String, double[]> values = new LinkedHashMap<>();
    CheckedModel constants = null;
    double[] folded = null;
    for (long seed = 1; folded == null; seed++) {
      assertTrue(seed <= 100, c + ": no values of the first 100 seeds tell the two orders apart");
      Random random = new Random(seed);
      c.tensors().forEach((name, shape) -> values.put(name, awkward(random, shape.size())));
      constants = checked(model(c, values, "const"));
      Graph optimized = Pipeline.optimize(Pipeline.differentiate(constants));
      Node output = optimized.node(optimized.output());
      assertTrue(output.isConstant(), c + " did not fold:\n" + optimized.dump());
      if (!sameBits(c.indexOrder().apply(values), output.values().toArray())) {
        folded = output.values().toArray();
      }
    }

    CheckedModel params = checked(model(c, values, "param"));
    for (boolean simd : new boolean[] {false, true}) {
      assertBits(folded, predict(Gradgen.compile(params, Precision.F64, AdjointRules.standard(), simd)),
          c + (simd ? ", SIMD" : ", scalar"));
    }
    assertBits(folded, predict(Gradgen.compile(constants, Precision.F64, AdjointRules.standard(), false)),
        c + ", the const model's kernel");
  }

  private static String model(Case c, Map<String, double[]> values, String kind) {
    StringBuilder text = new StringBuilder("model M\nparam p = 1\n");
    c.tensors().forEach((name, shape) -> text.append(kind).append(' ').append(name)
        .append(shape.dims()).append(" = ").append(literal(values.get(name), shape)).append('\n'));
    return text.append("output o = ").append(c.expression()).append("\nloss p * p\n").toString();
  }

  private static String literal(double[] values, Shape shape) {
    int columns = shape.rank() == 2 ? shape.dim(1) : values.length;
    StringBuilder text = new StringBuilder(shape.rank() == 2 ? "[" : "");
    for (int row = 0; row < values.length / columns; row++) {
      text.append(row == 0 ? "[" : ", [");
      for (int col = 0; col < columns; col++) {
        text.append(col == 0 ? "" : ", ").append(values[row * columns + col]);
      }
      text.append(']');
    }
    return text.append(shape.rank() == 2 ? "]" : "").toString();
  }

  /** Values of mixed signs over nine orders of magnitude, whose sums round differently by order. */
  private static double[] awkward(Random random, int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(10) - 4);
    }
    return values;
  }

  private static double[] predict(CompiledModel model) {
    double[] out = new double[model.layout().outputSize()];
    ((DoubleKernel) model.kernel()).predict(model.initialParams(0), new double[0], 0, out);
    return out;
  }

  private static void assertBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          what + ": element " + i + " folded " + expected[i] + ", kernel " + actual[i]);
    }
  }

  private static boolean sameBits(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Shape> tensors(Object... namesAndShapes) {
    Map<String, Shape> tensors = new LinkedHashMap<>();
    for (int i = 0; i < namesAndShapes.length; i += 2) {
      tensors.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
    }
    return tensors;
  }

  private static double[] ones(int n) {
    double[] ones = new double[n];
    java.util.Arrays.fill(ones, 1);
    return ones;
  }

  /** Σ a[aAt + k·aStep] · b[bAt + k·bStep] for k in [0, n), in index order from 0.0. */
  private static double indexOrderDot(double[] a, int aAt, int aStep, double[] b, int bAt, int bStep, int n) {
    double sum = 0.0;
    for (int k = 0; k < n; k++) {
      sum += a[aAt + k * aStep] * b[bAt + k * bStep];
    }
    return sum;
  }

  /** [rows, inner] · [inner, cols], row-major, each inner sum in index order. */
  private static double[] indexOrderProduct(double[] a, int rows, int inner, double[] b, int cols) {
    double[] out = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[i * cols + j] = indexOrderDot(a, i * inner, 1, b, j, cols, inner);
      }
    }
    return out;
  }

  private static CheckedModel checked(String text) {
    return Checker.check(ModelReader.parse(text, "m.model"), Path.of("m.model"));
  }
}
