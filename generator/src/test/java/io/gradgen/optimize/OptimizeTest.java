package io.gradgen.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.ir.Evaluator;
import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Origin;
import io.gradgen.ir.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Optimize}'s guarantees: a fixed point, no equal nodes, no dead ones, provenance carried
 * over, and roots whose values keep their bits, on hand-built graphs and on every model of the
 * samples and the golden corpus.
 */
class OptimizeTest {
  private static final Shape V2 = Shape.vector(2);

  static Stream<Path> corpus() throws IOException {
    List<Path> models = new ArrayList<>();
    for (String folder : List.of("../samples", "src/test/resources/golden")) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        files.filter(path -> path.toString().endsWith(".model")).sorted().forEach(models::add);
      }
    }
    return models.stream();
  }

  @Test
  void theCorpusHasTheSamplesAndTheGoldens() throws IOException {
    assertTrue(corpus().count() >= 17, "samples and goldens not found from " + Path.of("").toAbsolutePath());
  }

  /**
   * The loss, output and every gradient, evaluated before and after optimization on random params
   * and inputs, have the same bits ({@code −0.0} told from {@code 0.0}; any NaN equals any NaN).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void optimizingNeverChangesARootsBits(Path model) {
    Graph differentiated = Pipeline.differentiate(Pipeline.check(model));
    Graph optimized = Pipeline.optimize(differentiated);
    Random random = new Random(model.getFileName().toString().hashCode());
    for (int draw = 0; draw < 5; draw++) {
      Map<String, double[]> params = new HashMap<>();
      Map<String, double[]> inputs = new HashMap<>();
      for (Node node : differentiated.nodes()) {
        if (node.op() == Op.PARAM || node.op() == Op.INPUT) {
          double[] values = new double[node.shape().size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = node.op() == Op.PARAM ? random.nextGaussian() : 0.1 + random.nextDouble();
          }
          (node.op() == Op.PARAM ? params : inputs).put(node.name(), values);
        }
      }
      double[][] before = Evaluator.evaluate(differentiated, params, inputs);
      double[][] after = Evaluator.evaluate(optimized, params, inputs);
      assertSameBits(before[differentiated.loss()], after[optimized.loss()], model + " loss");
      if (differentiated.hasOutput()) {
        assertSameBits(before[differentiated.output()], after[optimized.output()], model + " output");
      }
      assertEquals(differentiated.gradients().keySet(), optimized.gradients().keySet());
      differentiated.gradients().forEach((name, id) ->
          assertSameBits(before[id], after[optimized.gradients().get(name)], model + " gradient " + name));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void theResultIsAFixedPointWithNoEqualNodesNoDeadNodesAndNothingLeftToFold(Path model) {
    Graph optimized = Pipeline.optimize(Pipeline.differentiate(Pipeline.check(model)));
    assertTrue(Optimize.apply(optimized).sameAs(optimized), model + " changes when optimized again");
    assertTrue(Optimize.withoutDeadCode(Optimize.rewrite(optimized)).sameAs(optimized), model + ": a rule still fires");
    assertEquals(optimized.size(), new HashSet<>(optimized.nodes()).size(), model + " has two equal nodes");
    assertEquals(optimized.size(), live(optimized), model + " has dead nodes");
    for (Node node : optimized.nodes()) {
      boolean allConstant = !node.inputs().isEmpty()
          && node.inputs().stream().allMatch(input -> optimized.node(input).isConstant());
      assertFalse(allConstant, model + ": " + node + " is left unfolded");
    }
  }

  @Test
  void commonSubexpressionsBecomeOneNode() {
    GraphBuilder g = new GraphBuilder();
    int a = g.param("a", V2);
    int b = g.param("b", V2);
    int left = g.unary(Op.EXP, g.mul(a, b));
    int right = g.unary(Op.EXP, g.mul(b, g.mul(a, g.scalar(1))));
    Graph optimized = Optimize.apply(g.build(g.sum(g.add(left, right)), -1, Map.of()));
    assertEquals(1, count(optimized, Op.MUL), optimized.dump());
    assertEquals(1, count(optimized, Op.EXP), optimized.dump());
    Node sum = optimized.node(optimized.node(optimized.loss()).input(0));
    assertEquals(sum.input(0), sum.input(1), "exp(a·b) + exp(b·(a·1)) adds one node to itself");
  }

  @Test
  void nodesNoRootNeedsAreDroppedAndTheRestKeepTheirOrder() {
    GraphBuilder g = new GraphBuilder();
    int w = g.param("w", V2);
    int unused = g.param("u", V2);
    g.unary(Op.EXP, unused);
    int loss = g.sum(g.unary(Op.SIN, w));
    Graph optimized = Optimize.apply(g.build(loss, -1, Map.of()));
    assertEquals(List.of(Op.PARAM, Op.SIN, Op.SUM), optimized.nodes().stream().map(Node::op).toList());
    assertEquals("w", optimized.node(0).name());
    assertEquals(2, optimized.loss());
  }

  /** Two gradients that are one value become one node, and the output and loss keep their own. */
  @Test
  void rootsPointAtTheNodesOfTheirValues() {
    GraphBuilder g = new GraphBuilder();
    int a = g.param("a", Shape.SCALAR);
    int b = g.param("b", Shape.SCALAR);
    int output = g.mul(b, a);
    int loss = g.add(output, g.scalar(0));
    Map<String, Integer> gradients = new java.util.LinkedHashMap<>();
    gradients.put("a", g.mul(b, g.scalar(1)));
    gradients.put("b", g.mul(g.scalar(1), b));
    Graph optimized = Optimize.apply(g.build(loss, output, gradients));
    assertEquals(new Node(Op.MUL, List.of(0, 1), Shape.SCALAR, null), optimized.node(optimized.output()));
    assertEquals(optimized.output(), optimized.loss());
    assertEquals(optimized.gradients().get("a"), optimized.gradients().get("b"));
    assertEquals(Op.PARAM, optimized.node(optimized.gradients().get("a")).op());
    assertEquals(List.of("a", "b"), List.copyOf(optimized.gradients().keySet()));
  }

  /**
   * A node rewritten to an equivalent passes its origin and name to it (Provenance.remap), unless
   * the equivalent already had its own: {@code h = y + x} becomes a new {@code x + y} with h's
   * origin and name; {@code g = exp(x) · 1} becomes {@code exp(x)}, which keeps its own origin and
   * takes the name g; {@code k = [2, 2] · [3, 3]} becomes the constant [6, 6], placed and named as k.
   */
  @Test
  void originsAndNamesSurviveARewrite() {
    Origin xAt = new Origin("x", 1, 7, false);
    Origin hAt = new Origin("y + x", 3, 5, false);
    Origin expAt = new Origin("exp(x)", 4, 5, false);
    Origin gAt = new Origin("exp(x) * 1", 4, 5, false);
    Origin kAt = new Origin("[2, 2] * [3, 3]", 5, 5, false);
    Origin lossAt = new Origin("sum(h * g * k)", 6, 6, false);
    GraphBuilder b = new GraphBuilder();
    b.at(xAt);
    int x = b.param("x", V2);
    b.name(x, "x");
    b.at(null);
    int y = b.param("y", V2);
    b.at(hAt);
    int h = b.add(y, x);
    b.name(h, "h");
    b.at(expAt);
    int exp = b.unary(Op.EXP, x);
    b.at(gAt);
    int g = b.mul(exp, b.scalar(1));
    b.name(g, "g");
    b.at(kAt);
    int k = b.mul(b.constant(V2, 2, 2), b.constant(V2, 3, 3));
    b.name(k, "k");
    b.at(lossAt);
    int loss = b.sum(b.mul(b.mul(h, g), k));
    b.name(loss, "loss");
    Graph optimized = Optimize.apply(b.build(loss, -1, Map.of()));

    int newX = find(optimized, n -> n.op() == Op.PARAM && n.name().equals("x"));
    int newY = find(optimized, n -> n.op() == Op.PARAM && n.name().equals("y"));
    int newH = find(optimized, n -> n.op() == Op.ADD);
    int newExp = find(optimized, n -> n.op() == Op.EXP);
    int newK = find(optimized, Node::isConstant);
    assertEquals(List.of(Math.min(newX, newY), Math.max(newX, newY)), optimized.node(newH).inputs());
    assertEquals(Optional.of(xAt), optimized.provenance().origin(newX));
    assertEquals(Optional.of("x"), optimized.provenance().name(newX));
    assertEquals(Optional.of(hAt), optimized.provenance().origin(newH));
    assertEquals(Optional.of("h"), optimized.provenance().name(newH));
    assertEquals(Optional.of(expAt), optimized.provenance().origin(newExp));
    assertEquals(Optional.of("g"), optimized.provenance().name(newExp));
    assertEquals(List.of(6.0, 6.0), List.of(optimized.node(newK).values().get(0), optimized.node(newK).values().get(1)));
    assertEquals(Optional.of(kAt), optimized.provenance().origin(newK));
    assertEquals(Optional.of("k"), optimized.provenance().name(newK));
    assertEquals(Optional.of(lossAt), optimized.provenance().origin(optimized.loss()));
    assertEquals(Optional.of("loss"), optimized.provenance().name(optimized.loss()));
  }

  /** The first of two nodes merged into one keeps its origin and name; the second's are dropped. */
  @Test
  void mergedNodesKeepTheFirstOriginAndName() {
    Origin first = new Origin("a * b", 2, 5, false);
    Origin second = new Origin("b * a", 3, 5, false);
    GraphBuilder g = new GraphBuilder();
    int a = g.param("a", V2);
    int b = g.param("b", V2);
    g.at(first);
    int ab = g.mul(a, b);
    g.name(ab, "p");
    g.at(second);
    int ba = g.mul(b, a);
    g.name(ba, "q");
    g.at(null);
    Graph optimized = Optimize.apply(g.build(g.sum(g.add(ba, ab)), -1, Map.of()));
    int product = find(optimized, n -> n.op() == Op.MUL);
    assertEquals(Optional.of(first), optimized.provenance().origin(product));
    assertEquals(Optional.of("p"), optimized.provenance().name(product));
  }

  private static void assertSameBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      if (Double.isNaN(expected[i]) && Double.isNaN(actual[i])) {
        continue;
      }
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          what + " element " + i + ": " + expected[i] + " before, " + actual[i] + " after");
    }
  }

  private static int live(Graph graph) {
    boolean[] live = new boolean[graph.size()];
    graph.roots().forEach(root -> live[root] = true);
    int count = 0;
    for (int id = graph.size() - 1; id >= 0; id--) {
      if (live[id]) {
        count++;
        graph.node(id).inputs().forEach(input -> live[input] = true);
      }
    }
    return count;
  }

  private static long count(Graph graph, Op op) {
    return graph.nodes().stream().filter(node -> node.op() == op).count();
  }

  /** The id of the one node that matches. */
  private static int find(Graph graph, Predicate<Node> matches) {
    List<Integer> found = new ArrayList<>();
    for (int id = 0; id < graph.size(); id++) {
      if (matches.test(graph.node(id))) {
        found.add(id);
      }
    }
    assertEquals(1, found.size(), "matching nodes " + found + " in\n" + graph.dump());
    return found.get(0);
  }
}
