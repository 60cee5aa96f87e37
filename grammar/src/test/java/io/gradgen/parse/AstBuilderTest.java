package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.parse.ast.ColumnRef;
import io.gradgen.parse.ast.ConstDecl;
import io.gradgen.parse.ast.DataDecl;
import io.gradgen.parse.ast.DataFileDecl;
import io.gradgen.parse.ast.Declaration;
import io.gradgen.parse.ast.LetDecl;
import io.gradgen.parse.ast.LossDecl;
import io.gradgen.parse.ast.MetricDecl;
import io.gradgen.parse.ast.ModelFile;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.NumberLit;
import io.gradgen.parse.ast.ParamDecl;
import io.gradgen.parse.ast.Setting;
import io.gradgen.parse.ast.TrainBlock;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AstBuilderTest {

  private static ModelFile model(String... lines) {
    return ModelReader.parse(String.join("\n", lines), "m.model");
  }

  private static Declaration only(String... lines) {
    List<Declaration> declarations = model(lines).declarations();
    assertEquals(1, declarations.size(), declarations::toString);
    return declarations.get(0);
  }

  private static List<String> settings(String... lines) {
    TrainBlock train = assertInstanceOf(TrainBlock.class, only(lines));
    return train.settings().stream().map(AstPrinter::print).collect(Collectors.toList());
  }

  @Test
  void theHeaderNamesTheModelAndDeclarationsKeepSourceOrder() {
    ModelFile file = model("", "// leading comment", "model Cubic", "param a = 5", "loss a^3");
    assertEquals("Cubic", file.name());
    assertEquals(new SourcePosition("m.model", 3, 1), file.position());
    assertInstanceOf(ParamDecl.class, file.declarations().get(0));
    assertInstanceOf(LossDecl.class, file.declarations().get(1));
    assertEquals(new SourcePosition("m.model", 5, 1), file.declarations().get(1).position());
  }

  @Test
  void aParamHasAnOptionalShapeAndAnOptionalInitialiser() {
    ParamDecl w =
        assertInstanceOf(ParamDecl.class, only("model M", "param w[2,3] = randn(seed = 42)"));
    assertEquals("w", w.name());
    assertEquals(List.of(2, 3), w.shape());
    assertEquals("(call randn seed=42)", AstPrinter.print(w.init()));
    ParamDecl c = assertInstanceOf(ParamDecl.class, only("model M", "param c"));
    assertEquals(List.of(), c.shape());
    assertNull(c.init());
  }

  @Test
  void aConstHoldsAMultiLineArrayLiteral() {
    ConstDecl a =
        assertInstanceOf(
            ConstDecl.class,
            only(
                "model M",
                "const A[3,3] = [[4, 1, 0],",
                "                [1, 3, 1],   // rows may be commented",
                "                [0, 1, 2]]"));
    assertEquals(List.of(3, 3), a.shape());
    assertEquals("[[4 1 0] [1 3 1] [0 1 2]]", AstPrinter.print(a.value()));
  }

  @Test
  void inputAndTargetBindColumnsPlainOrQuoted() {
    DataDecl x =
        assertInstanceOf(
            DataDecl.class,
            only(
                "model M",
                "input x[3] <- Temperature, \"Rainfall (mm)\", \"say \\\"hi\\\" \\\\ bye\""));
    assertEquals(DataDecl.Kind.INPUT, x.kind());
    assertEquals(List.of(3), x.shape());
    assertEquals(
        List.of("Temperature", "Rainfall (mm)", "say \"hi\" \\ bye"),
        x.columns().stream().map(ColumnRef::name).collect(Collectors.toList()));
    assertEquals(new SourcePosition("m.model", 2, 28), x.columns().get(1).position());
    DataDecl y = assertInstanceOf(DataDecl.class, only("model M", "target y"));
    assertEquals(DataDecl.Kind.TARGET, y.kind());
    assertEquals(List.of(), y.shape());
    assertEquals(List.of(), y.columns());
  }

  @Test
  void dataNamesTheFileUnquoted() {
    DataFileDecl data =
        assertInstanceOf(DataFileDecl.class, only("model M", "data \"crop yield.csv\""));
    assertEquals("crop yield.csv", data.path());
  }

  @Test
  void aMetricIsItsOwnDeclarationAndMetricIsAlsoAName() {
    List<Declaration> declarations =
        model("model M", "metric abs_err = abs(yhat - y)", "metric = 2", "metric metric = metric * 3").declarations();
    MetricDecl first = assertInstanceOf(MetricDecl.class, declarations.get(0));
    assertEquals("abs_err", first.name());
    assertEquals("(call abs (- yhat y))", AstPrinter.print(first.value()));
    assertEquals(2, first.position().line());
    LetDecl named = assertInstanceOf(LetDecl.class, declarations.get(1));
    assertEquals("metric", named.name());
    MetricDecl second = assertInstanceOf(MetricDecl.class, declarations.get(2));
    assertEquals("metric", second.name());
    assertEquals("(* metric 3)", AstPrinter.print(second.value()));
    assertEquals("metric metric = metric * 3", ModelPrinter.print(second, Integer.MAX_VALUE));
  }

  @Test
  void namedValuesAndTheOutputAreLets() {
    List<Declaration> declarations =
        model("model M", "z = dot(w, x) + c", "output p = sigmoid(z)").declarations();
    LetDecl z = assertInstanceOf(LetDecl.class, declarations.get(0));
    assertEquals("z", z.name());
    assertEquals(false, z.output());
    LetDecl p = assertInstanceOf(LetDecl.class, declarations.get(1));
    assertEquals("p", p.name());
    assertTrue(p.output());
    assertEquals("(call sigmoid z)", AstPrinter.print(p.value()));
  }

  @Test
  void everySettingIsEncodedAsItsKeywordAndTheWordsAfterIt() {
    assertEquals(
        List.of(
            "optimizer (call adam lr=0.01)",
            "batch full",
            "batch 32",
            "epochs 20",
            "shuffle",
            "shuffle seed 7",
            "split 0.8",
            "schedule (call step 10 0.5)",
            "schedule constant",
            "clip 1.0",
            "stop patience 5",
            "reduction sum",
            "precision f32"),
        settings(
            "model M",
            "train {",
            "  optimizer adam(lr = 0.01)",
            "  batch full",
            "  batch 32",
            "  epochs 20",
            "  shuffle",
            "  shuffle seed 7",
            "  split 0.8",
            "  schedule step(10, 0.5)",
            "  schedule constant",
            "  clip 1.0",
            "  stop patience 5",
            "  reduction sum",
            "  precision f32",
            "}"));
  }

  @Test
  void aWarmupScheduleAndStopOptions() {
    TrainBlock train = assertInstanceOf(TrainBlock.class, only("model M",
        "train { schedule warmup(5) then cosine(50); stop patience 3, min_delta = 1e-3, restore_best }"));
    Setting schedule = train.settings().get(0);
    assertEquals(3, schedule.values().size());
    assertEquals("then", assertInstanceOf(NameRef.class, schedule.values().get(1)).name());
    assertEquals(new SourcePosition("m.model", 2, 28), schedule.values().get(1).position());
    Setting stop = train.settings().get(1);
    assertEquals(2, stop.values().size());
    assertEquals(2, stop.options().size());
    assertEquals("min_delta", stop.options().get(0).name());
    assertEquals(0.001, assertInstanceOf(NumberLit.class, stop.options().get(0).value()).value());
    assertEquals(null, stop.options().get(1).name());
    assertEquals("restore_best", assertInstanceOf(NameRef.class, stop.options().get(1).value()).name());
    // 'then' is a name elsewhere
    assertInstanceOf(LetDecl.class, only("model M", "then = 1"));
  }

  @Test
  void aScheduleOptionParsesAlone() {
    List<io.gradgen.parse.ast.Expr> words = ModelReader.parseSchedule("warmup(5) then cosine(50)", "--schedule");
    assertEquals(3, words.size());
    assertEquals(new SourcePosition("--schedule", 1, 11), words.get(1).position());
    assertEquals(1, ModelReader.parseSchedule("cosine(50)", "--schedule").size());
  }

  @Test
  void settingValuesAreNumbersNamesAndCalls() {
    TrainBlock train =
        assertInstanceOf(
            TrainBlock.class, only("model M", "train { batch full; shuffle seed 7; split .8 }"));
    Setting batch = train.settings().get(0);
    assertEquals(new SourcePosition("m.model", 2, 9), batch.position());
    assertEquals(new SourcePosition("m.model", 2, 15), batch.values().get(0).position());
    assertInstanceOf(NameRef.class, batch.values().get(0));
    Setting shuffle = train.settings().get(1);
    assertInstanceOf(NameRef.class, shuffle.values().get(0));
    assertTrue(assertInstanceOf(NumberLit.class, shuffle.values().get(1)).integer());
    assertEquals(
        0.8, assertInstanceOf(NumberLit.class, train.settings().get(2).values().get(0)).value());
  }

  @Test
  void settingsNeedNoSeparatorSemicolonsOrNewlinesWork() {
    List<String> expected =
        List.of("optimizer (call sgd lr=0.1)", "epochs 100", "shuffle", "clip 2");
    assertEquals(
        expected,
        settings("model M", "train { optimizer sgd(lr = 0.1)  epochs 100 shuffle clip 2 }"));
    assertEquals(
        expected,
        settings("model M", "train {optimizer sgd(lr = 0.1); epochs 100;; shuffle; clip 2;}"));
    assertEquals(
        expected,
        settings(
            "model M",
            "train {",
            "",
            "optimizer sgd(",
            "  lr = 0.1)",
            "epochs 100 /* a comment */ shuffle",
            "clip 2 // another",
            "",
            "}"));
    assertEquals(List.of(), settings("model M", "train {}"));
  }

  @Test
  void semicolonsAndCommentsSeparateOrDisappear() {
    ModelFile file =
        model(
            "model M; param a = 1; param b = 2 /* same line */; loss a * b",
            "/* a comment over",
            "   two lines ends a statement */ z = 1",
            "// the end");
    assertEquals(4, file.declarations().size());
    assertEquals("z", assertInstanceOf(LetDecl.class, file.declarations().get(3)).name());
  }

  @Test
  void keywordsAndJavaKeywordsAreOrdinaryNames() {
    ModelFile file =
        model(
            "model model",
            "param data = 1",
            "param batch[2] = 0",
            "param seed",
            "input target <- input, \"loss\"",
            "const class = 2",
            "double = class * data",
            "loss = seed",
            "output train = loss",
            "loss batch @ batch + double + full");
    assertEquals("model", file.name());
    List<String> names =
        List.of("data", "batch", "seed", "target", "class", "double", "loss", "train");
    for (int i = 0; i < names.size(); i++) {
      String declared = file.declarations().get(i).toString();
      assertTrue(declared.contains("name=" + names.get(i) + ","), declared);
    }
    assertEquals(
        List.of("input", "loss"),
        ((DataDecl) file.declarations().get(3))
            .columns().stream().map(ColumnRef::name).collect(Collectors.toList()));
    assertEquals(
        "(+ (+ (@ batch batch) double) full)",
        AstPrinter.print(((LossDecl) file.declarations().get(8)).value()));
  }

  @Test
  void anUnknownEscapeIsRejectedAtTheBackslash() {
    ModelException e =
        assertThrows(ModelException.class, () -> model("model M", "data \"C:\\temp.csv\""));
    assertEquals(
        "m.model:2:9: error: unknown escape '\\t' in a string; only \\\" and \\\\ are allowed",
        e.format());
  }

  @Test
  void aSizeTooLargeForAnIntIsRejected() {
    ModelException e =
        assertThrows(ModelException.class, () -> model("model M", "param w[2, 99999999999]"));
    assertEquals("m.model:2:12: error: '99999999999' is too large for a size or index", e.format());
  }
}
