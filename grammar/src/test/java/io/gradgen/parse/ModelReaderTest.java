package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.DataDecl;
import io.gradgen.parse.ast.DataFileDecl;
import io.gradgen.parse.ast.Declaration;
import io.gradgen.parse.ast.LetDecl;
import io.gradgen.parse.ast.LossDecl;
import io.gradgen.parse.ast.ModelFile;
import io.gradgen.parse.ast.ParamDecl;
import io.gradgen.parse.ast.TrainBlock;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelReaderTest {

  private static Path example(String name) {
    try {
      return Path.of(ModelReaderTest.class.getResource("examples/" + name + ".model").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String kinds(ModelFile file) {
    return file.declarations().stream()
        .map(d -> d.getClass().getSimpleName())
        .collect(Collectors.joining(" "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "crop-yield   | CropYield   | DataFileDecl DataDecl DataDecl ParamDecl ParamDecl LetDecl LossDecl TrainBlock",
        "parabola     | Parabola    | ParamDecl LossDecl TrainBlock",
        "cubic        | Cubic       | ParamDecl ParamDecl LossDecl",
        "linear-solve | LinearSolve | ConstDecl ConstDecl ParamDecl LossDecl TrainBlock",
        "logistic     | Logistic    | DataDecl DataDecl ParamDecl ParamDecl LetDecl LetDecl LossDecl TrainBlock",
      })
  void readsEveryExampleOfTheLanguageReference(String file, String name, String declarations) {
    ModelFile model = ModelReader.read(example(file));
    assertEquals(name, model.name());
    assertEquals(declarations, kinds(model));
  }

  @Test
  void theCropYieldExampleBuildsItsKeyParts() {
    Path path = example("crop-yield");
    List<Declaration> d = ModelReader.read(path).declarations();
    assertEquals(new SourcePosition(path.toString(), 4, 1), d.get(0).position());
    assertEquals("crop-yield.csv", ((DataFileDecl) d.get(0)).path());
    DataDecl y = (DataDecl) d.get(2);
    assertEquals(List.of(2), y.shape());
    assertEquals("Oranges", y.columns().get(1).name());
    assertEquals(List.of(2, 3), ((ParamDecl) d.get(3)).shape());
    assertEquals("(+ (@ w x) b)", AstPrinter.print(((LetDecl) d.get(5)).value()));
    assertEquals("(call mse yhat y)", AstPrinter.print(((LossDecl) d.get(6)).value()));
    assertEquals(
        List.of("optimizer (call sgd lr=1e-5)", "batch 3", "epochs 100", "shuffle seed 7"),
        ((TrainBlock) d.get(7))
            .settings().stream().map(AstPrinter::print).collect(Collectors.toList()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sgd(lr)",
        "momentum(lr, beta = 0.9, nesterov = false)",
        "adam(lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8)",
        "adamw(lr, decay = 0.01)",
        "rmsprop(lr, alpha = 0.99, eps = 1e-8)",
        "step(every, gamma)",
        "step(10, 0.5)",
        "cosine(period)",
        "sgdr(period, mult)",
        "randn(seed = S, std = 1)",
        "uniform(lo, hi, seed = S)",
        "huber(a, b, delta = 1)",
        "softmax_ce(z, k)",
        "max(a, b)"
      })
  void parsesTheCallsTheReferenceShowsAsOptionValues(String text) {
    Call call = assertInstanceOf(Call.class, ModelReader.parseExpression(text, "--optimizer"));
    assertEquals(text.substring(0, text.indexOf('(')), call.function());
    assertEquals(new SourcePosition("--optimizer", 1, 1), call.position());
  }

  @Test
  void readsUtf8AndIgnoresAByteOrderMark(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bom.model");
    Files.write(
        file, "\uFEFFmodel G\ninput x <- \"Temperatur (°C)\"\n".getBytes(StandardCharsets.UTF_8));
    ModelFile model = ModelReader.read(file);
    assertEquals("G", model.name());
    assertEquals(
        "Temperatur (°C)", ((DataDecl) model.declarations().get(0)).columns().get(0).name());
  }

  @Test
  void anUnreadableFileIsAnErrorAtItsFirstLine(@TempDir Path dir) {
    Path missing = dir.resolve("missing.model");
    ModelException e = assertThrows(ModelException.class, () -> ModelReader.read(missing));
    assertEquals(missing + ": error: file not found", e.format());
    e = assertThrows(ModelException.class, () -> ModelReader.read(dir));
    assertEquals(dir + ": error: is a folder, not a file", e.format());
  }

  @Test
  void syntaxErrorsNameTheFileAsGiven() {
    ModelException e =
        assertThrows(
            ModelException.class, () -> ModelReader.parse("model M\nloss (x", "models/m.model"));
    assertEquals(new SourcePosition("models/m.model", 2, 6), e.position());
    assertEquals("'(' is never closed", e.detail());
  }
}
