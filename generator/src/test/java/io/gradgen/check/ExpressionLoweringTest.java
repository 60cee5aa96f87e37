package io.gradgen.check;

import static io.gradgen.check.Models.check;
import static io.gradgen.check.Models.error;
import static io.gradgen.check.Models.loss;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Origin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sugar of the language, each on a three-line model: the loss it lowers to is the loss its
 * expansion into primitives lowers to (compared as trees, so the order nodes were made in does not
 * matter), or the tree written out.
 */
class ExpressionLoweringTest {
  private static final String SCALARS = "param a\nparam b";
  private static final String VECTORS = "param a[3]\nparam b[3]";

  private static void sameLoss(String declarations, String sugar, String expansion) {
    assertEquals(loss(declarations, "loss " + expansion), loss(declarations, "loss " + sugar), sugar);
  }

  private static long count(Graph graph, Op op) {
    return graph.nodes().stream().filter(node -> node.op() == op).count();
  }

  @Test
  void subtractionIsAdditionOfTheNegation() {
    assertEquals("add(param a, neg(param b))", loss(SCALARS, "loss a - b"));
    sameLoss(VECTORS, "sum(a - b)", "sum(a + -b)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a^1   | a",
        "a^2   | a * a",
        "a^3   | a * a * a",
        "a^4   | (a * a) * (a * a)",
        "a^5   | (a * a) * (a * a) * a",
        "a^-2  | 1 / (a * a)",
        "a^-1  | 1 / a",
      })
  void anIntegerPowerIsMultiplicationByRepeatedSquaring(String sugar, String expansion) {
    sameLoss(SCALARS, sugar, expansion);
  }

  @Test
  void repeatedSquaringMakesLogarithmicallyManyProducts() {
    // a^64 = ((((((a²)²)²)²)²)²): six multiplications, not 63.
    assertEquals(6, count(check(SCALARS, "loss a^64").forward(), Op.MUL));
    // a^7 = (a² · a)² · a: four.
    assertEquals(4, count(check(SCALARS, "loss a^7").forward(), Op.MUL));
  }

  @Test
  void aZerothPowerIsOnesOfTheBasesShape() {
    assertEquals("sum(broadcast(constant 1.0))", loss(VECTORS, "loss sum(a^0)"));
    assertEquals("constant 1.0", loss(SCALARS, "loss a^0"));
  }

  @Test
  void anyOtherExponentIsAPower() {
    assertEquals("pow(param a, constant 65.0)", loss(SCALARS, "loss a^65"));
    assertEquals("pow(param a, constant 1.5)", loss(SCALARS, "loss a^1.5"));
    assertEquals("pow(param a, param b)", loss(SCALARS, "loss a^b"));
    assertEquals("sum(pow(param a, broadcast(param b)))", loss(VECTORS.replace("b[3]", "b"), "loss sum(a^b)"));
  }

  @Test
  void meanIsTheSumDividedByTheElementCount() {
    sameLoss(VECTORS, "mean(a)", "sum(a) / 3");
    assertEquals("div(sum(param a), constant 3.0)", loss(VECTORS, "loss mean(a)"));
    sameLoss(SCALARS, "mean(a)", "a / 1");
  }

  @Test
  void theReductionsAndDot() {
    sameLoss(VECTORS, "norm1(a)", "sum(abs(a))");
    sameLoss(VECTORS, "dot(a, b)", "a @ b");
    assertEquals("norm(param a)", loss(VECTORS, "loss norm(a)"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "mse(a, b)               | mean((a - b) * (a - b))",
        "mae(a, b)               | mean(abs(a - b))",
        "huber(a, b)             | mean(0.5 * (min(abs(a - b), 1) * min(abs(a - b), 1))"
            + " + 1 * (abs(a - b) - min(abs(a - b), 1)))",
        "huber(a, b, delta = 0.5) | mean(0.5 * (min(abs(a - b), 0.5) * min(abs(a - b), 0.5))"
            + " + 0.5 * (abs(a - b) - min(abs(a - b), 0.5)))",
        "bce_logits(a, b)        | mean(max(a, 0) - a * b + softplus(-abs(a)))",
      })
  void eachLossIsItsPyTorchDefinition(String sugar, String expansion) {
    sameLoss(VECTORS, sugar, expansion);
  }

  @Test
  void bceAndSoftmaxCeUseTheirOwnPrimitives() {
    assertEquals("div(sum(bce(param a, param b)), constant 3.0)", loss(VECTORS, "loss bce(a, b)"));
    assertEquals("add(logsumexp(param a), neg(matmul(one_hot(param b), param a)))",
        loss("param a[3]\nparam b", "loss softmax_ce(a, b)"));
  }

  @Test
  void broadcastOperandsAreStretchedByProductsWhoseAdjointsSumTheStretchedAxes() {
    String shapes = "param m[2,3]\nparam r[3]\nparam c[2,1]\nparam s[1]";
    assertEquals("sum(add(param m, outer(constant [1.0, 1.0], param r)))", loss(shapes, "loss sum(m + r)"));
    assertEquals("sum(mul(matmul(param c, constant [1.0, 1.0, 1.0]), param m))", loss(shapes, "loss sum(c * m)"));
    assertEquals("sum(add(param m, broadcast(index [0](param s))))", loss(shapes, "loss sum(m + s)"));
  }

  @Test
  void axisReductionsAreProductsWithOnesOrOneWholeReductionPerRow() {
    String m = "param m[2,3]";
    assertEquals("sum(matmul(constant [1.0, 1.0], param m))", loss(m, "loss sum(sum(m, axis = 0))"));
    assertEquals("sum(outer(matmul(param m, constant [1.0, 1.0, 1.0]), constant 1.0))",
        loss(m, "loss sum(sum(m, axis = 1, keepdim = true))"));
    assertEquals("sum(add(index_adjoint [0](amax(index [0](param m))), index_adjoint [1](amax(index [1](param m)))))",
        loss(m, "loss sum(max(m, axis = 1))"));
    assertEquals("sum(add(add(index_adjoint [0](logsumexp(index [0](transpose(param m)))), "
        + "index_adjoint [1](logsumexp(index [1](transpose(param m))))), index_adjoint [2](logsumexp(index [2](transpose(param m))))))",
        loss(m, "loss sum(logsumexp(m, axis = 0))"));
    assertEquals("argmax(param m)", loss(m, "loss argmax(m)"));
    assertEquals("amin(param m)", loss(m, "loss min(m)"));
  }

  @Test
  void theSoftmaxFamilyIsShiftedByLogsumexp() {
    assertEquals("sum(add(param a, broadcast(neg(logsumexp(param a)))))", loss(VECTORS, "loss sum(log_softmax(a))"));
    assertEquals("sum(exp(add(param a, broadcast(neg(logsumexp(param a))))))", loss(VECTORS, "loss sum(softmax(a, axis = 0))"));
  }

  @Test
  void anIndexByAValueReadsThroughAOneHotAndAConstantOneDirectly() {
    String leaves = "param v[3]\nparam m[2,3]\ninput k";
    assertEquals("matmul(one_hot position(input k), param v)", loss(leaves, "loss v[k]"));
    assertEquals("sum(matmul(one_hot position(input k), param m))", loss(leaves, "loss sum(m[k])"));
    assertEquals("matmul(one_hot position(input k), index [1](param m))", loss(leaves, "loss m[1, k]"));
    assertEquals("index [2](matmul(one_hot position(input k), param m))", loss(leaves, "loss m[k, 2]"));
    assertEquals("index [2](param v)", loss(leaves, "const n = 3", "loss v[n - 1]"));
    assertEquals("index [2](param v)", loss(leaves, "loss v[-1]"));
  }

  @Test
  void elementwiseFunctionsAndExtremaKeepTheirOperandsShape() {
    for (String function : List.of("exp", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigmoid",
        "relu", "softplus")) {
      assertEquals("sum(" + function + "(param a))", loss(VECTORS, "loss sum(" + function + "(a))"));
    }
    assertEquals("sum(max(param a, broadcast(param b)))", loss("param a[3]\nparam b", "loss sum(max(a, b))"));
    assertEquals("min(param a, param b)", loss(SCALARS, "loss min(a, b)"));
  }

  @Test
  void argumentsAreLoweredInTheLossesOrderWhateverOrderTheyAreWrittenIn() {
    Graph positional = check(VECTORS, "loss huber(a, b, delta = 2)").forward();
    Graph named = check(VECTORS, "loss huber(a, delta = 2, b = b)").forward();
    assertEquals(positional.nodes(), named.nodes());
  }

  @Test
  void eachNodeIsPlacedAtTheExpressionItComputesAndTheRootAtTheStatement() {
    Graph forward = check(SCALARS, "loss exp(a * b) + a").forward();
    // loss exp(a * b) + a
    // 1    6   10   ^15
    assertEquals(List.of(
        "%0 2:1 param a",
        "%1 3:1 param b",
        "%2 4:10 a * b",
        "%3 4:6 exp(a * b)",
        "%4 4:1 loss exp(a * b) + a"), origins(forward));
  }

  @Test
  void aNodeWrittenTwiceKeepsTheOriginOfItsFirstPlace() {
    Graph forward = check(SCALARS, "c = a * b", "loss c + a * b").forward();
    assertEquals(List.of("%0 2:1 param a", "%1 3:1 param b", "%2 4:1 c = a * b", "%3 5:1 loss c + a * b"),
        origins(forward));
  }

  @Test
  void theNodesACallBuildsArePlacedAtTheCall() {
    Graph forward = check(VECTORS, "loss 2 * mean(a)").forward();
    assertEquals(List.of("%0 2:1 param a[3]", "%1 3:1 param b[3]", "%2 4:6 2", "%3 4:10 mean(a)",
        "%4 4:10 mean(a)", "%5 4:10 mean(a)", "%6 4:1 loss 2 * mean(a)"), origins(forward));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "loss sum(a + c)     | m.model:6:12: error: cannot add [3] and [2] in 'a + c'",
        "loss sum(a - c)     | m.model:6:12: error: cannot subtract [3] and [2] in 'a - c'",
        "loss sum(a * c)     | m.model:6:12: error: cannot multiply [3] and [2] in 'a * c'",
        "loss sum(a / c)     | m.model:6:12: error: cannot divide [3] and [2] in 'a / c'",
        "loss sum(a ^ c)     | m.model:6:12: error: cannot raise [3] and [2] in 'a ^ c'",
        "loss a @ c          | m.model:6:8: error: cannot multiply [3] @ [2] in 'a @ c'",
        "loss sum(a')        | m.model:6:10: error: cannot transpose [3]: only a matrix has a transpose in 'a''",
        "loss a[3]           | m.model:6:6: error: index 3 is out of range for [3] in 'a[3]'",
        "loss a[c]           | m.model:6:8: error: an index must be a scalar, not [2] in 'c'",
        "loss a[0.5]         | m.model:6:8: error: index 0.5 is not an integer in '0.5'",
        "loss sum(m + [[1, 2, 3]]) | m.model:6:12: error: cannot add [2, 2] and [1, 3] in 'm + [[1, 2, 3]]'",
        "loss sum(m + a)     | m.model:6:12: error: cannot add [2, 2] and [3] in 'm + a'",
        "loss sum(sum(m, axis = 2)) | m.model:6:10: error: axis 2 is out of range for [2, 2] (axes 0 to 1) in 'sum(m, axis = 2)'",
        "loss max(a, axis = 1) | m.model:6:6: error: axis 1 is out of range for [3] (axes 0 to 0) in 'max(a, axis = 1)'",
        "loss a[0, 0]        | m.model:6:6: error: cannot index [3] with 2 indices in 'a[0, 0]'",
        "loss sum(max(a, c)) | m.model:6:10: error: cannot compare [3] and [2] in 'max(a, c)'",
        "loss dot(a, m)      | m.model:6:6: error: dot needs two vectors of the same length, not [3] and [2, 2] in 'dot(a, m)'",
        "loss mse(a, c)      | m.model:6:6: error: mse needs two tensors of the same shape, not [3] and [2] in 'mse(a, c)'",
        "loss softmax_ce(a, a) | m.model:6:6: error: softmax_ce needs a vector of scores and a scalar class index, not [3] and [3] in 'softmax_ce(a, a)'",
        "loss huber(a, b, delta = 0) | m.model:6:6: error: huber's delta must be positive, not 0.0 in 'huber(a, b, delta = 0)'",
        "loss huber(a, b, delta = d) | m.model:6:26: error: delta must be a number, not 'd'",
        "loss sigmod(a)      | m.model:6:6: error: unknown function 'sigmod'; did you mean 'sigmoid'? in 'sigmod(a)'",
        "loss randn(a)       | m.model:6:6: error: unknown function 'randn' in 'randn(a)'",
        "loss sum(w)         | m.model:6:10: error: unknown name 'w'; did you mean 'a'?",
      })
  void shapeAndCallMistakesNameBothSidesAndQuoteTheExpression(String loss, String message) {
    assertEquals(message, error(VECTORS, "param c[2]", "param m[2, 2]", loss));
  }

  @Test
  void messagesQuoteOperandsInParenthesesAsTheyAlwaysHave() {
    assertEquals("m.model:5:16: error: cannot add [3] and [2] in '(a * a) + c'",
        error(VECTORS, "param c[2]", "loss sum(a * a + c)"));
  }

  private static List<String> origins(Graph graph) {
    List<String> lines = new ArrayList<>();
    for (int id = 0; id < graph.size(); id++) {
      Node node = graph.node(id);
      Origin origin = graph.provenance().origin(id).orElse(null);
      lines.add("%" + id + " " + (origin == null ? "none " + node.op().label() : origin));
    }
    return lines;
  }
}
