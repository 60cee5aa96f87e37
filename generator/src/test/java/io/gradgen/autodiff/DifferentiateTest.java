package io.gradgen.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.ir.Evaluator;
import io.gradgen.ir.Graph;
import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Origin;
import io.gradgen.ir.Shape;
import io.gradgen.parse.ModelReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reverse-mode pass on small graphs: adjoints accumulate on fan-out, a broadcast's adjoint is
 * summed back, unused params get zeros, only nodes that depend on a param are visited, the forward
 * nodes are untouched, and backward nodes are placed and named after the forward ones. Gradients
 * are checked against central finite differences of the loss, both evaluated with {@link
 * Evaluator}.
 */
class DifferentiateTest {
  private static final Shape V2 = Shape.vector(2);
  private static final Shape V3 = Shape.vector(3);

  @Test
  void aValueUsedTwiceByOneOpGetsBothContributions() {
    GraphBuilder b = new GraphBuilder();
    int x = b.param("x", Shape.SCALAR);
    Graph graph = Differentiate.apply(b.build(b.mul(x, x), -1, Map.of()), Map.of("x", Shape.SCALAR));
    Node gradient = graph.node(graph.gradients().get("x"));
    assertEquals(Op.ADD, gradient.op(), graph.dump());
    assertEquals(gradient.input(0), gradient.input(1), "dy·x added to itself");
    assertEquals(6, gradientAt(graph, "x", Map.of("x", new double[] {3})));
  }

  @Test
  void aValueUsedByTwoOpsGetsTheSumOfTheirAdjoints() {
    GraphBuilder b = new GraphBuilder();
    int w = b.param("w", Shape.SCALAR);
    int h = b.unary(Op.EXP, w);
    int loss = b.add(b.unary(Op.SIN, h), b.mul(h, b.scalar(3)));
    Graph forward = b.build(loss, -1, Map.of());
    Graph graph = Differentiate.apply(forward, Map.of("w", Shape.SCALAR));
    assertEquals(Op.ADD, graph.node(adjointsOf(forward, Map.of("w", Shape.SCALAR))[h]).op(), graph.dump());
    double at = 0.3;
    double expected = Math.exp(at) * (Math.cos(Math.exp(at)) + 3);
    assertEquals(expected, gradientAt(graph, "w", Map.of("w", new double[] {at})), 1e-12);
  }

  @Test
  void theAdjointOfAScalarBroadcastToAVectorIsItsSum() {
    GraphBuilder b = new GraphBuilder();
    int s = b.param("s", Shape.SCALAR);
    int v = b.param("v", V3);
    Map<String, Shape> params = new LinkedHashMap<>();
    params.put("s", Shape.SCALAR);
    params.put("v", V3);
    Graph graph = Differentiate.apply(b.build(b.sum(b.mul(s, v)), -1, Map.of()), params);
    Node gradient = graph.node(graph.gradients().get("s"));
    assertEquals(Op.SUM, gradient.op(), graph.dump());
    assertEquals(V3, graph.node(gradient.input(0)).shape());
    Map<String, double[]> at = Map.of("s", new double[] {2}, "v", new double[] {1, -4, 0.5});
    assertEquals(-2.5, gradientAt(graph, "s", at));
  }

  @Test
  void aParamTheLossDoesNotUseGetsZerosOfItsShape() {
    GraphBuilder b = new GraphBuilder();
    int w = b.param("w", V2);
    b.param("unused", Shape.matrix(2, 3));
    Map<String, Shape> params = new LinkedHashMap<>();
    params.put("absent", Shape.matrix(3, 2));
    params.put("unused", Shape.matrix(2, 3));
    params.put("w", V2);
    Graph graph = Differentiate.apply(b.build(b.sum(w), -1, Map.of()), params);
    assertEquals(List.of("absent", "unused", "w"), List.copyOf(graph.gradients().keySet()));
    for (String name : List.of("absent", "unused")) {
      Node zero = graph.node(graph.gradients().get(name));
      assertTrue(zero.isConstant(0), name + ": " + zero);
      assertEquals(params.get(name), zero.shape());
    }
  }

  @Test
  void onlyNodesThatDependOnAParamAreVisited() {
    GraphBuilder b = new GraphBuilder();
    int w = b.param("w", V2);
    int x = b.input("x", V2);
    int data = b.unary(Op.EXP, b.mul(x, b.constant(V2, 2, 3)));
    int product = b.mul(w, data);
    int loss = b.sum(product);
    Set<Integer> visited = new TreeSet<>();
    AdjointRules recording = AdjointRules.standard();
    for (Op op : Op.values()) {
      if (op.isBackwardOnly()) {
        continue;
      }
      AdjointRules.Rule rule = AdjointRules.standard().of(op);
      recording = recording.with(op, (d, n, y, dy) -> {
        visited.add(y);
        rule.apply(d, n, y, dy);
      });
    }
    Differentiate.apply(b.build(loss, -1, Map.of()), Map.of("w", V2), recording);
    assertEquals(Set.of(w, product, loss), visited, "not the data " + data + " nor the input " + x);
  }

  @Test
  void theForwardNodesKeepTheirIdsAndRoots() {
    CheckedModel model = checked("input x[3]\ntarget y\nparam w[3]\noutput p = sigmoid(dot(w, x))\nloss bce(p, y)");
    Graph forward = model.forward();
    Graph graph = Differentiate.apply(forward, model.params());
    assertEquals(forward.nodes(), graph.nodes().subList(0, forward.size()));
    assertEquals(forward.loss(), graph.loss());
    assertEquals(forward.output(), graph.output());
    assertEquals(V3, graph.node(graph.gradients().get("w")).shape());
  }

  /**
   * Each node an adjoint rule builds takes, as backward, the origin of the op whose rule built it
   * (unless it existed already); the adjoint of a named value {@code h} is {@code d_h}, and so is
   * a param's gradient.
   */
  @Test
  void backwardNodesArePlacedAtTheirOpAndNamedAfterTheirValue() {
    Origin wAt = new Origin("w", 2, 7, false);
    Origin productAt = new Origin("w * x", 4, 10, false);
    Origin hAt = new Origin("tanh(w * x)", 4, 5, false);
    Origin lossAt = new Origin("sum(h * h)", 5, 6, false);
    GraphBuilder b = new GraphBuilder();
    b.at(wAt);
    int w = b.param("w", V2);
    b.name(w, "w");
    b.at(null);
    int x = b.input("x", V2);
    b.name(x, "x");
    b.at(productAt);
    int product = b.mul(w, x);
    b.at(hAt);
    int h = b.unary(Op.TANH, product);
    b.name(h, "h");
    b.at(lossAt);
    int squares = b.mul(h, h);
    int loss = b.sum(squares);
    b.name(loss, "loss");
    Graph forward = b.build(loss, -1, Map.of());
    Graph graph = Differentiate.apply(forward, Map.of("w", V2));
    Integer[] adjoint = adjointsOf(forward, Map.of("w", V2));

    for (int id = 0; id < forward.size(); id++) {
      assertEquals(forward.provenance().origin(id), graph.provenance().origin(id), "forward %" + id);
      assertEquals(forward.provenance().name(id), graph.provenance().name(id), "forward %" + id);
    }
    Set<String> texts = Set.of(productAt.text(), hAt.text(), lossAt.text());
    for (int id = forward.size(); id < graph.size(); id++) {
      Origin origin = graph.provenance().origin(id).orElseThrow(() -> new AssertionError("no origin:\n" + graph.dump()));
      assertTrue(origin.isBackward() && texts.contains(origin.text()), origin + "\n" + graph.dump());
    }
    assertEquals(Optional.of(lossAt.backward()), graph.provenance().origin(adjoint[h]));
    assertEquals(Op.ADD, graph.node(adjoint[h]).op());
    assertEquals(Optional.of("d_h"), graph.provenance().name(adjoint[h]));
    int oneMinusSquare = graph.nodes().indexOf(new Node(Op.NEG, List.of(squares), V2, null));
    assertEquals(Optional.of(hAt.backward()), graph.provenance().origin(oneMinusSquare));
    int gradient = graph.gradients().get("w");
    assertEquals(Optional.of(productAt.backward()), graph.provenance().origin(gradient));
    assertEquals(Optional.of("d_w"), graph.provenance().name(gradient));
    assertEquals(Optional.of("d_loss"), graph.provenance().name(adjoint[loss]));
    assertEquals(Optional.of(lossAt.backward()), graph.provenance().origin(adjoint[loss]));
    assertEquals(null, adjoint[x]);
  }

  /**
   * When two named values share one adjoint node (here {@code loss a + b}, where both adjoints are
   * the loss's {@code dy}), the node is neither gradient's: it takes neither name, rather than
   * naming b's gradient {@code d_a}.
   */
  @Test
  void aSharedAdjointTakesNeitherName() {
    GraphBuilder b = new GraphBuilder();
    int a = b.param("a", Shape.SCALAR);
    b.name(a, "a");
    int p = b.param("b", Shape.SCALAR);
    b.name(p, "b");
    Map<String, Shape> params = new LinkedHashMap<>();
    params.put("a", Shape.SCALAR);
    params.put("b", Shape.SCALAR);
    Graph graph = Differentiate.apply(b.build(b.add(a, p), -1, Map.of()), params);
    assertEquals(graph.gradients().get("a"), graph.gradients().get("b"), "one node");
    assertEquals(Optional.empty(), graph.provenance().name(graph.gradients().get("b")));
  }

  /**
   * Every gradient element against the central difference of the loss, at random params (and
   * inputs in (0.1, 1.1)); relative error under 1e-6. The two-layer network's second layer is a
   * rolled vector·matrix product in the kernel's backward pass; its IR gradient is right.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "param x\nloss x * x",
      "param w[3]\nh = exp(w)\nloss sum(sin(h) + h * 3)",
      "param s\nparam v[3]\nloss sum(s * v)",
      "input x[3]\nparam W[2,3]\nloss sum((W @ x) * (W @ x))",
      "input x[3]\nparam W[3,2]\nloss sum(tanh(x @ W))",
      "param A[2,3]\nparam B[3,2]\nloss sum(A @ B @ (A @ B))",
      "param m[2,3]\nloss sum(m[1] @ m') + m[0, 2] * m[1, 1]",
      "input x[3]\nparam W1[10,3]\nparam W2[10,10]\nparam v[10]\nh1 = tanh(W1 @ x)\nh2 = tanh(W2 @ h1)\n"
          + "loss (dot(v, h2) - 1)^2",
      "param a[4]\nloss norm(a) + softmax_ce(a, 2)",
      "param a[3]\nparam b[3]\nloss sum(max(a, b) * min(a, 0.5) + exp(a) ^ b / (b * b + 1))",
      "param a[3]\nloss sum(softplus(a) + relu(a) * sigmoid(a)) + bce(sigmoid(sum(a)), 0.3)"})
  void gradientsMatchCentralDifferences(String body) {
    CheckedModel model = checked(body);
    Graph graph = Differentiate.apply(model.forward(), model.params());
    Random random = new Random(body.hashCode());
    Map<String, double[]> params = new HashMap<>();
    model.params().forEach((name, shape) -> params.put(name, random.doubles(shape.size()).map(u -> u - 0.5).toArray()));
    Map<String, double[]> inputs = new HashMap<>();
    for (Node node : graph.nodes()) {
      if (node.op() == Op.INPUT) {
        inputs.put(node.name(), random.doubles(node.shape().size()).map(u -> 0.1 + u).toArray());
      }
    }
    double[][] values = Evaluator.evaluate(graph, params, inputs);
    params.forEach((name, at) -> {
      double[] gradient = values[graph.gradients().get(name)];
      for (int i = 0; i < at.length; i++) {
        double h = 1e-6 * Math.max(1, Math.abs(at[i]));
        double saved = at[i];
        at[i] = saved + h;
        double up = loss(model.forward(), params, inputs);
        at[i] = saved - h;
        double down = loss(model.forward(), params, inputs);
        at[i] = saved;
        double central = (up - down) / (2 * h);
        double scale = Math.max(1, Math.max(Math.abs(central), Math.abs(gradient[i])));
        assertTrue(Math.abs(central - gradient[i]) < 1e-6 * scale,
            name + "[" + i + "]: gradient " + gradient[i] + ", central difference " + central);
      }
    });
  }

  private static double loss(Graph graph, Map<String, double[]> params, Map<String, double[]> inputs) {
    return Evaluator.evaluate(graph, params, inputs)[graph.loss()][0];
  }

  private static double gradientAt(Graph graph, String param, Map<String, double[]> params) {
    return Evaluator.evaluate(graph, params, Map.of())[graph.gradients().get(param)][0];
  }

  /** Each forward node's adjoint in the differentiated graph, recorded as the rules receive it. */
  private static Integer[] adjointsOf(Graph forward, Map<String, Shape> params) {
    Integer[] adjoint = new Integer[forward.size()];
    AdjointRules recording = AdjointRules.standard();
    for (Op op : Op.values()) {
      if (op.isBackwardOnly()) {
        continue;
      }
      AdjointRules.Rule rule = AdjointRules.standard().of(op);
      recording = recording.with(op, (d, n, y, dy) -> {
        adjoint[y] = dy;
        rule.apply(d, n, y, dy);
      });
    }
    Differentiate.apply(forward, params, recording);
    return adjoint;
  }

  private static CheckedModel checked(String body) {
    return Checker.check(ModelReader.parse("model M\n" + body + "\n", "m.model"), Path.of("m.model"));
  }
}
