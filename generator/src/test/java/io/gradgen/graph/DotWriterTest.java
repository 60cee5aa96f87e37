package io.gradgen.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Graph;
import io.gradgen.ir.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DOT text: one node per IR node and one edge per operand, counted from the IR here; the
 * styles of params, the loss and backward ops; the forward graph alone; and Graphviz reading it.
 */
class DotWriterTest {
  private static final String LINE = """
      model Line
      input  x[3]
      target y[2]
      param w[2,3] = 1
      param b[2] = 0
      output yhat = w @ x + b
      loss mse(yhat, y)
      """;
  private static final String MLP = """
      model Mlp
      input x[2]
      target k
      param W1[4,2] = 1
      param b1[4] = 0
      param W2[3,4] = 1
      h = tanh(W1 @ x + b1)
      output z = W2 @ h
      loss softmax_ce(z, k)
      """;
  private static final String UNUSED = "model Unused\nparam a = 1\nparam b = 2\nloss a^2 + 3 * a\n";

  private static final Pattern NODE = Pattern.compile("(?m)^\\s*(n\\d+|acc\\d+|p\\d+|s\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"(.*)\\];$");
  private static final Pattern EDGE = Pattern.compile("(?m)^\\s*(\\w+) -> (\\w+)( \\[.*\\])?;$");

  /** The DOT's node statements: id, label, the rest of the attributes. */
  private static List<String[]> nodes(String dot) {
    List<String[]> nodes = new ArrayList<>();
    Matcher matcher = NODE.matcher(dot);
    while (matcher.find()) {
      nodes.add(new String[] {matcher.group(1), matcher.group(2), matcher.group(3)});
    }
    return nodes;
  }

  private static int edges(String dot) {
    int edges = 0;
    Matcher matcher = EDGE.matcher(dot);
    while (matcher.find()) {
      edges++;
    }
    return edges;
  }

  private static Graph graph(String model, boolean optimize) {
    Graph graph = Pipeline.differentiate(TestModels.check(model));
    return optimize ? Pipeline.optimize(graph) : graph;
  }

  @ParameterizedTest
  @ValueSource(strings = {"differentiate", "optimize"})
  void everyNodeAndOperandIsDrawnOnceAndEachGradientAccumulates(String after) {
    for (String model : List.of(LINE, MLP, UNUSED)) {
      Graph graph = graph(model, after.equals("optimize"));
      String dot = DotWriter.write(graph, "t", Set.of("y", "k"), false);
      GraphParts parts = GraphParts.of(graph, Set.of());
      int operands = 0;
      int saved = 0;
      for (int id = 0; id < graph.size(); id++) {
        operands += graph.node(id).inputs().size();
        for (int input : graph.node(id).inputs()) {
          saved += parts.isForward(input) && !parts.isForward(id) ? 1 : 0;
        }
      }
      int gradients = graph.gradients().size();
      assertTrue(saved > 0, "every model here has an adjoint that reads a forward value");
      // Each gradient: its AccumulateGrad and its param's box; each forward value read backward: its saved copy.
      assertEquals(graph.size() + 2 * gradients + saved, nodes(dot).size(), dot);
      assertEquals(operands + 2 * gradients, edges(dot), dot);
      for (int id = 0; id < graph.size(); id++) {
        assertTrue(dot.contains("\n  n" + id + " [") || dot.contains("\n    n" + id + " ["), "node %" + id);
      }
    }
  }

  @Test
  void theForwardGraphAloneIsWhatTheLossAndOutputUse() {
    Graph graph = graph(MLP, true);
    boolean[] used = new boolean[graph.size()];
    used[graph.loss()] = true;
    used[graph.output()] = true;
    int nodes = 0;
    int edges = 0;
    for (int id = graph.size() - 1; id >= 0; id--) {
      if (used[id]) {
        nodes++;
        edges += graph.node(id).inputs().size();
        graph.node(id).inputs().forEach(input -> used[input] = true);
      }
    }
    String dot = DotWriter.write(graph, "t", Set.of("k"), true);
    assertEquals(nodes, nodes(dot).size(), dot);
    assertEquals(edges, edges(dot), dot);
    assertFalse(dot.contains("AccumulateGrad"));
    assertFalse(dot.contains("lightgrey"), "no backward op");
    assertTrue(nodes < graph.size(), "the MLP has backward ops to leave out");
  }

  @Test
  void paramsTheLossAndBackwardOpsAreStyledAsMakeDotStylesThem() {
    Graph graph = graph(LINE, true);
    String dot = DotWriter.write(graph, "t", Set.of("y"), false);
    GraphParts parts = GraphParts.of(graph, Set.of("y"));
    int backward = 0;
    for (int id = 0; id < graph.size(); id++) {
      backward += parts.kind(id) == GraphParts.Kind.BACKWARD ? 1 : 0;
    }
    int grey = 0;
    for (String[] node : nodes(dot)) {
      String id = node[0];
      if (id.startsWith("n")) {
        int ir = Integer.parseInt(id.substring(1));
        if (graph.node(ir).op() == Op.PARAM) {
          assertTrue(node[2].contains("fillcolor=lightblue"), id);
          assertTrue(node[1].startsWith(graph.node(ir).name() + "\\n("), node[1]);
        }
        if (ir == graph.loss()) {
          assertTrue(node[2].contains("darkolivegreen1"), id);
          assertTrue(node[1].startsWith("loss = "), node[1]);
        }
        grey += node[2].contains("fillcolor=lightgrey") ? 1 : 0;
      }
    }
    assertTrue(backward > 0);
    assertEquals(backward, grey);
    assertTrue(dot.contains("label=\"w\\n(2, 3)\""), dot);
    assertTrue(dot.contains("MseLossBackward0"), dot);
    assertTrue(dot.contains("MvBackward0\\nd_w = outer (2, 3)"), dot);
    assertTrue(dot.contains("AccumulateGrad\\nw.grad (2, 3)"), dot);
    assertTrue(dot.contains("label=\"y (target)\\n(2)\", fillcolor=pink"), dot);
    assertTrue(dot.contains("subgraph cluster_0 {\n    label=\"yhat\""), dot);
    // d_w = outer(d_yhat, x) reads x: a saved copy of it, orange.
    assertTrue(dot.contains("[label=\"x\\n(3)\", fillcolor=orange"), dot);
  }

  @Test
  void optimizeDrawsFewerNodesThanDifferentiate() {
    assertTrue(nodes(DotWriter.write(graph(LINE, true), "t", Set.of(), false)).size()
        < nodes(DotWriter.write(graph(LINE, false), "t", Set.of(), false)).size());
  }

  @Test
  void deadCodeIsDashed() {
    String dot = DotWriter.write(graph(LINE, false), "t", Set.of(), false);
    assertTrue(dot.contains("style=\"filled,dashed\""), dot);
    assertFalse(DotWriter.write(graph(LINE, true), "t", Set.of(), false).contains("filled,dashed"));
  }

  @Test
  void shapesAndNumbersAreWrittenAsPyTorchPrintsThem() {
    assertEquals("()", DotWriter.shape(io.gradgen.ir.Shape.SCALAR));
    assertEquals("(3)", DotWriter.shape(io.gradgen.ir.Shape.vector(3)));
    assertEquals("(2, 3)", DotWriter.shape(io.gradgen.ir.Shape.matrix(2, 3)));
    assertEquals("2", DotWriter.number(2.0));
    assertEquals("-0.5", DotWriter.number(-0.5));
    assertEquals("0.0166667", DotWriter.number(1.0 / 60));
    assertEquals("0.00001", DotWriter.number(1e-5));
    assertEquals("1.23457e-7", DotWriter.number(1.234567e-7));
    assertEquals("NaN", DotWriter.number(Double.NaN));
  }

  @Test
  void aTitleWithQuotesStaysOneString() {
    String dot = DotWriter.write(graph(UNUSED, true), "say \"hi\"", Set.of(), false);
    assertTrue(dot.startsWith("digraph \"say \\\"hi\\\"\" {\n"), dot);
  }

  @ParameterizedTest
  @ValueSource(strings = {"differentiate", "optimize"})
  void graphvizReadsIt(String after, @TempDir Path folder) throws Exception {
    Optional<Path> dot = Graphviz.find(System.getenv("PATH"));
    Assumptions.assumeTrue(dot.isPresent(), "Graphviz's dot is not on PATH (.ci/run installs it)");
    for (String model : List.of(LINE, MLP, UNUSED)) {
      for (boolean forwardOnly : new boolean[] {false, true}) {
        Path svg = folder.resolve("g.svg");
        Graphviz.render(dot.get(), DotWriter.write(graph(model, after.equals("optimize")), "t", Set.of(), forwardOnly),
            Graphviz.Format.SVG, svg);
        assertTrue(Files.readString(svg).contains("<svg"));
      }
    }
  }

  @Test
  void aCheckedModelsGraphHasItsParamsGradients() {
    CheckedModel model = TestModels.check(MLP);
    String dot = DotWriter.write(Pipeline.gradientGraph(model), "t", Set.of("k"), false);
    for (String param : model.params().keySet()) {
      assertTrue(dot.contains("AccumulateGrad\\n" + param + ".grad"), param);
    }
  }
}
