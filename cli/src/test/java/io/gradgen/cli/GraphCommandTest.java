package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.Pipeline;
import io.gradgen.graph.Graphviz;
import io.gradgen.ir.Graph;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code gradgen graph} as a user runs it: DOT on stdout that Graphviz accepts, with the model's
 * IR's nodes; {@code --forward} and {@code --after}; the SVG and PNG that {@code dot} renders;
 * the help; and the message without {@code dot} on PATH, from a process whose PATH lacks it.
 */
class GraphCommandTest {
  private static final String CROP = "../samples/crop-yield.model";
  private static final String IRIS = "../samples/iris-mlp.model";

  private static Path dot() {
    Optional<Path> dot = Graphviz.find(System.getenv("PATH"));
    Assumptions.assumeTrue(dot.isPresent(), "Graphviz's dot is not on PATH (.ci/run installs it)");
    return dot.get();
  }

  /** The ids of the DOT's IR nodes ({@code nID}) and how many nodes and edges it has in all. */
  private record Counted(Set<Integer> irNodes, int nodes, int edges) {
    static Counted of(String dot) {
      Set<Integer> ir = new HashSet<>();
      int nodes = 0;
      Matcher node = Pattern.compile("(?m)^\\s*(\\w+) \\[label=").matcher(dot);
      while (node.find()) {
        nodes++;
        if (node.group(1).matches("n\\d+")) {
          ir.add(Integer.parseInt(node.group(1).substring(1)));
        }
      }
      int edges = 0;
      Matcher edge = Pattern.compile("(?m)^\\s*\\w+ -> \\w+").matcher(dot);
      while (edge.find()) {
        edges++;
      }
      return new Counted(ir, nodes, edges);
    }
  }

  private static Graph graph(String model, boolean optimize) {
    Graph graph = Pipeline.differentiate(Pipeline.check(Path.of(model)));
    return optimize ? Pipeline.optimize(graph) : graph;
  }

  @Test
  void printsDotOnStdoutWithEveryNodeOfTheOptimizedIr() {
    CliRun run = CliRun.of("graph", CROP);
    assertEquals(0, run.status(), run.err());
    assertEquals("", run.err());
    assertTrue(run.out().startsWith("digraph \"CropYield: forward and backward, after optimize\" {\n"), run.out());
    Graph graph = graph(CROP, true);
    Counted counted = Counted.of(run.out());
    assertEquals(graph.size(), counted.irNodes().size());
    int operands = 0;
    for (int id = 0; id < graph.size(); id++) {
      operands += graph.node(id).inputs().size();
      assertTrue(counted.irNodes().contains(id), "node %" + id);
    }
    assertEquals(operands + 2 * graph.gradients().size(), counted.edges());
    assertTrue(run.out().contains("MvBackward0"), "backward nodes");
    assertTrue(run.out().contains("AccumulateGrad\\nw.grad (2, 3)"));
    assertTrue(run.out().contains("fillcolor=lightblue"));
  }

  @Test
  void forwardOmitsTheBackwardGraph() {
    CliRun full = CliRun.of("graph", IRIS);
    CliRun forward = CliRun.of("graph", IRIS, "--forward");
    assertEquals(0, forward.status(), forward.err());
    Graph graph = graph(IRIS, true);
    boolean[] used = new boolean[graph.size()];
    used[graph.loss()] = true;
    used[graph.output()] = true;
    int expected = 0;
    for (int id = graph.size() - 1; id >= 0; id--) {
      if (used[id]) {
        expected++;
        graph.node(id).inputs().forEach(input -> used[input] = true);
      }
    }
    assertEquals(expected, Counted.of(forward.out()).nodes());
    assertFalse(forward.out().contains("Backward0"));
    assertFalse(forward.out().contains("AccumulateGrad"));
    assertTrue(full.out().contains("ReluBackward0"));
    assertTrue(Counted.of(full.out()).nodes() > Counted.of(forward.out()).nodes());
  }

  @Test
  void afterDifferentiateDrawsWhatOptimizeThenSimplifies() {
    CliRun differentiated = CliRun.of("graph", CROP, "--after", "differentiate");
    CliRun optimized = CliRun.of("graph", CROP, "--after", "optimize");
    assertEquals(0, differentiated.status(), differentiated.err());
    assertEquals(graph(CROP, false).size(), Counted.of(differentiated.out()).irNodes().size());
    assertEquals(graph(CROP, true).size(), Counted.of(optimized.out()).irNodes().size());
    assertTrue(graph(CROP, true).size() < graph(CROP, false).size());
    assertNotEquals(differentiated.out(), optimized.out());
    // The differentiated graph's dead code (x's adjoint) is drawn dashed; optimize removes it.
    assertTrue(differentiated.out().contains("filled,dashed"));
    assertFalse(optimized.out().contains("filled,dashed"));
    assertEquals(optimized.out(), CliRun.of("graph", CROP).out(), "optimize is the default");
  }

  @Test
  void graphvizAcceptsTheDot(@TempDir Path folder) throws Exception {
    Path dot = dot();
    for (String[] args : List.of(new String[] {CROP}, new String[] {IRIS, "--after", "differentiate"},
        new String[] {IRIS, "--forward"})) {
      List<String> line = new ArrayList<>(List.of("graph"));
      line.addAll(List.of(args));
      CliRun run = CliRun.of(line.toArray(String[]::new));
      Path file = Files.writeString(folder.resolve("g.dot"), run.out());
      Process process = new ProcessBuilder(dot.toString(), "-Tsvg", "-o", folder.resolve("g.svg").toString(), file.toString())
          .redirectErrorStream(true).start();
      String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.waitFor(), said);
      assertEquals("", said, "dot warns of nothing");
    }
  }

  @Test
  void writesDotToAFile(@TempDir Path folder) throws IOException {
    Path file = folder.resolve("g.dot");
    CliRun run = CliRun.of("graph", CROP, "-o", file.toString());
    assertEquals(0, run.status(), run.err());
    assertEquals(file + "\n", run.out());
    assertEquals(CliRun.of("graph", CROP).out(), Files.readString(file));
  }

  @Test
  void writesAnSvgThatIsXmlWithTheGraphsNodes(@TempDir Path folder) throws Exception {
    dot();
    Path svg = folder.resolve("g.svg");
    CliRun run = CliRun.of("graph", CROP, "-o", svg.toString());
    assertEquals(0, run.status(), run.err());
    assertEquals(svg + "\n", run.out());
    Document document = xml(svg);
    Element root = document.getDocumentElement();
    assertEquals("svg", root.getTagName());
    int nodes = 0;
    NodeList groups = document.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      nodes += ((Element) groups.item(i)).getAttribute("class").equals("node") ? 1 : 0;
    }
    assertEquals(Counted.of(CliRun.of("graph", CROP).out()).nodes(), nodes);
    assertTrue(document.getElementsByTagName("text").getLength() > 20, "labels drawn");
    assertTrue(points(root.getAttribute("width")) > 100 && points(root.getAttribute("height")) > 100);
  }

  @Test
  void writesAPngOfTheSvgsSizeThatIsNotBlank(@TempDir Path folder) throws Exception {
    dot();
    Path svg = folder.resolve("g.svg");
    Path png = folder.resolve("g.png");
    assertEquals(0, CliRun.of("graph", CROP, "-o", svg.toString()).status());
    CliRun run = CliRun.of("graph", CROP, "-o", png.toString());
    assertEquals(0, run.status(), run.err());
    BufferedImage image = ImageIO.read(png.toFile());
    assertTrue(image != null, "ImageIO decodes it");
    Element root = xml(svg).getDocumentElement();
    // dot draws a PNG at 96 dpi of the picture the SVG gives in points (72 a inch).
    assertEquals(points(root.getAttribute("width")) * 96 / 72, image.getWidth(), 1.0);
    assertEquals(points(root.getAttribute("height")) * 96 / 72, image.getHeight(), 1.0);
    assertTrue(image.getWidth() > 100 && image.getHeight() > 100);
    Set<Integer> colours = new HashSet<>();
    int ink = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        ink += rgb != 0xFFFFFF ? 1 : 0;
      }
    }
    assertTrue(colours.contains(0xADD8E6), "light-blue params");
    assertTrue(colours.size() > 8, "more than a few colours: " + colours.size());
    assertTrue(ink > image.getWidth() * image.getHeight() / 4 / 50, "more than 2% drawn on: " + ink);
  }

  @Test
  void withoutDotOnThePathSvgIsRefusedAndDotStillWorks(@TempDir Path folder) throws Exception {
    Path empty = Files.createDirectory(folder.resolve("bin"));
    Path svg = folder.resolve("g.svg");
    Process refused = gradgen(empty, "graph", CROP, "-o", svg.toString());
    assertEquals(1, refused.exitValue());
    assertEquals("error: rendering " + svg + " needs Graphviz's dot (Debian: apt-get install graphviz); -o "
        + folder.resolve("g.dot") + " works without it\n", new String(refused.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    assertFalse(Files.exists(svg));
    Path dotFile = folder.resolve("g.dot");
    Process written = gradgen(empty, "graph", CROP, "-o", dotFile.toString());
    assertEquals(0, written.exitValue(), new String(written.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(Files.readString(dotFile).startsWith("digraph"));
  }

  @Test
  void helpDescribesTheGraphCommandAndEachOption() {
    CliRun run = CliRun.of("graph", "--help");
    assertEquals(0, run.status());
    assertTrue(run.out().startsWith("Usage: gradgen graph "), run.out());
    CommandLine graph = new CommandLine(new Main()).getSubcommands().get("graph");
    for (OptionSpec option : graph.getCommandSpec().options()) {
      String description = String.join(" ", option.description());
      assertFalse(description.isBlank(), option.longestName());
      assertTrue(run.out().contains(option.longestName()), option.longestName());
    }
    for (String option : List.of("--forward", "--after", "--output")) {
      assertTrue(graph.getCommandSpec().findOption(option) != null, option);
    }
  }

  /** A model of a few hundred ops: a 24-layer tanh network, rendered by the command in a few seconds at most. */
  @Test
  void aFewHundredOpsRenderQuickly(@TempDir Path folder) throws IOException {
    dot();
    StringBuilder model = new StringBuilder("model Deep\ninput x[4]\ntarget y\nparam v[4] = 1\n");
    String previous = "x";
    for (int layer = 1; layer <= 24; layer++) {
      model.append("param W").append(layer).append("[4,4] = 0.1\nparam b").append(layer).append("[4] = 0\n");
      model.append("h").append(layer).append(" = tanh(W").append(layer).append(" @ ").append(previous)
          .append(" + b").append(layer).append(")\n");
      previous = "h" + layer;
    }
    model.append("output yhat = v @ ").append(previous).append("\nloss (yhat - y)^2\n");
    Path file = Files.writeString(folder.resolve("deep.model"), model.toString());
    assertTrue(graph(file.toString(), true).size() > 250, "a few hundred ops");
    long start = System.nanoTime();
    CliRun run = CliRun.of("graph", file.toString(), "-o", folder.resolve("deep.svg").toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(0, run.status(), run.err());
    // About a second on a quiet machine (docs/CLI.md); the bound leaves room for a loaded CI one,
    // and fails where the layout goes quadratic (long edges made this take minutes once).
    assertTrue(seconds < 20, seconds + " s");
  }

  private static double points(String length) {
    return Double.parseDouble(length.replace("pt", ""));
  }

  private static Document xml(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    // Graphviz's SVG names the W3C DTD; reading it would need the network.
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    return builder.parse(file.toFile());
  }

  /** gradgen in a process of its own, with PATH set to {@code path} alone. */
  private static Process gradgen(Path path, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("PATH", path.toString());
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "gradgen finished");
    return process;
  }
}
