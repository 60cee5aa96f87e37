package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.parse.ast.ModelFile;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelPrinterTest {
  private static final SourcePosition NOWHERE = new SourcePosition("", 0, 0);

  /**
   * Every model the project ships or tests against, read from the source folders, and the broken
   * models of the CLI's bad-input corpus that are broken past the parser (the others cannot be read).
   */
  static Stream<Path> models() throws IOException {
    List<Path> models = new ArrayList<>();
    for (String folder : List.of("../samples", "../generator/src/test/resources/golden",
        "src/test/resources/io/gradgen/parse/examples", corpusModels().toString())) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        files.filter(file -> file.toString().endsWith(".model") && parses(file)).sorted().forEach(models::add);
      }
    }
    return models.stream();
  }

  /**
   * The models of the CLI's bad-input corpus ({@code === case}, {@code --- file NAME.model}, its
   * text to the next {@code ---} section), written out under {@code target/} to be read as files.
   */
  private static Path corpusModels() throws IOException {
    Path folder = Files.createDirectories(Path.of("target/corpus-models"));
    try (Stream<Path> files = Files.list(Path.of("../cli/src/test/resources/bad-input"))) {
      for (Path cases : files.filter(file -> file.toString().endsWith(".cases")).toList()) {
        String name = null;
        StringBuilder text = null;
        for (String line : Files.readAllLines(cases)) {
          if (line.startsWith("--- ") || line.startsWith("=== ")) {
            if (name != null) {
              Files.writeString(folder.resolve(name), text.toString().strip() + "\n");
            }
            name = null;
            if (line.matches("--- file [\\w.-]+\\.model")) {
              name = cases.getFileName() + "-" + line.substring("--- file ".length());
              text = new StringBuilder();
            }
          } else if (name != null) {
            text.append(line).append('\n');
          }
        }
      }
    }
    return folder;
  }

  private static boolean parses(Path file) {
    try {
      ModelReader.read(file);
      return true;
    } catch (ModelException e) {
      return false;
    }
  }

  @Test
  void theCorpusIsThere() throws IOException {
    assertTrue(models().count() >= 50, "samples, goldens, examples and errors: " + models().toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void printedTextParsesBackToTheSameTreeAndPrintsTheSameAgain(Path file) {
    ModelFile original = ModelReader.read(file);
    String printed = ModelPrinter.print(original);
    ModelFile reparsed = ModelReader.parse(printed, "printed");
    assertEquals(withoutPositions(original), withoutPositions(reparsed), printed);
    assertEquals(printed, ModelPrinter.print(reparsed));
  }

  @Test
  void aModelIsLaidOutOneDeclarationALineAndOneSettingALine() {
    String source = String.join("\n",
        "// a comment, gone after printing",
        "model  CropYield",
        "data \"crop-yield.csv\"",
        "input  x[3] <- Temperature, \"Rain (mm)\", data",
        "target y[2]",
        "param w[2,3] = randn(seed = 42)",
        "param b[2]",
        "const A[2,2] = [[4, 1], [1, -3.50]]",
        "h = (w @ x) + b; output yhat = sigmoid(h)",
        "loss mse(yhat, y)",
        "train { optimizer sgd(lr = 1e-5)  batch full  shuffle seed 7",
        "        split .8  schedule warmup(3) then cosine(9)  clip 1  reduction sum  precision f32",
        "        stop patience 2 ,min_delta=.5,  restore_best }");
    assertEquals(String.join("\n",
        "model CropYield",
        "data \"crop-yield.csv\"",
        "input x[3] <- Temperature, \"Rain (mm)\", data",
        "target y[2]",
        "param w[2, 3] = randn(seed = 42)",
        "param b[2]",
        "const A[2, 2] = [[4, 1], [1, -3.50]]",
        "h = w @ x + b",
        "output yhat = sigmoid(h)",
        "loss mse(yhat, y)",
        "train {",
        "  optimizer sgd(lr = 1e-5)",
        "  batch full",
        "  shuffle seed 7",
        "  split .8",
        "  schedule warmup(3) then cosine(9)",
        "  clip 1",
        "  reduction sum",
        "  precision f32",
        "  stop patience 2, min_delta = .5, restore_best",
        "}",
        ""), ModelPrinter.print(ModelReader.parse(source, "m.model")));
  }

  @Test
  void quotesColumnsAndPathsThatAreNotNamesAndEscapesThem() {
    String source = "model M\ndata \"a \\\"b\\\" \\\\ c.csv\"\ninput x[3] <- \"2020\", \"a\\\\b\", _ok1\nloss sum(x)\n";
    String printed = ModelPrinter.print(ModelReader.parse(source, "m.model"));
    assertEquals("model M\ndata \"a \\\"b\\\" \\\\ c.csv\"\ninput x[3] <- \"2020\", \"a\\\\b\", _ok1\nloss sum(x)\n",
        printed);
    assertEquals(withoutPositions(ModelReader.parse(source, "m.model")),
        withoutPositions(ModelReader.parse(printed, "printed")));
  }

  @Test
  void anEmptyTrainBlockAndAParamWithoutInitialiserPrintAsWritten() {
    assertEquals("model M\nparam c\nloss c\ntrain {}\n",
        ModelPrinter.print(ModelReader.parse("model M\nparam c\nloss c\ntrain {\n}", "m.model")));
  }

  @Test
  void aDeclarationOnOneLineIsCutToItsLimit() {
    ModelFile file = ModelReader.parse(String.join("\n",
        "model M",
        "input x[3] <- Temperature, Rainfall, Humidity",
        "param w[3] = randn(seed = 42)",
        "loss sum(w * x) + sum(w * w * w * w * w * w * w * w * w * w * w * w)",
        "train { optimizer sgd(lr = 0.1)  epochs 100 }"), "m.model");
    assertEquals("input x[3] <- Temperature, Rainfall, Humidity", ModelPrinter.print(file.declarations().get(0), 60));
    assertEquals("input x[3] <- Temperature, Rainf…", ModelPrinter.print(file.declarations().get(0), 33));
    assertEquals("param w[3] = randn(seed = 42)", ModelPrinter.print(file.declarations().get(1), 60));
    String loss = ModelPrinter.print(file.declarations().get(2), 30);
    assertEquals("loss sum(w * x) + sum(w * w *…", loss);
    assertEquals(30, loss.length());
    assertEquals("train { optimizer sgd(lr = 0.1); epochs 100 }", ModelPrinter.print(file.declarations().get(3), 60));
  }

  @Test
  void treesThatDifferOnlyInGroupingPrintDifferently() {
    // The round trip above could pass with a printer that never parenthesizes if the corpus never
    // needed parentheses; these two trees differ only in grouping.
    String left = ModelPrinter.print(ModelReader.parse("model M\nloss (a - b) - c", "m"));
    String right = ModelPrinter.print(ModelReader.parse("model M\nloss a - (b - c)", "m"));
    assertNotEquals(left, right);
    assertEquals("model M\nloss a - (b - c)\n", right);
  }

  /**
   * The tree with every {@link SourcePosition} replaced by one placeholder, so two trees compare
   * equal when they differ only in where their text was. Works on any AST record, by reflection,
   * so that a field added to a node is compared without this test knowing about it.
   */
  static Object withoutPositions(Object node) {
    if (node instanceof SourcePosition) {
      return NOWHERE;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(ModelPrinterTest::withoutPositions).toList();
    }
    if (node == null || !node.getClass().isRecord()) {
      return node;
    }
    RecordComponent[] components = node.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        values[i] = withoutPositions(components[i].getAccessor().invoke(node));
        types[i] = components[i].getType();
      }
      return node.getClass().getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
