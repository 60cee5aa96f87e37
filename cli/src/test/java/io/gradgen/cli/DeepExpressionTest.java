package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.DoubleKernel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long and deep expressions end to end (docs/LANGUAGE.md, "Limits"): a 2,000-term loss, a
 * 2,000-term output and a 500-level nest train, print their gradient and generate Java that javac
 * compiles; one level past the nesting limit and a method past the JVM's 64 KB are one line each,
 * at their place, exit 2. Each command runs on a thread with a 256 KB stack, a quarter of the
 * JVM's default, to show that the caller's stack does not matter.
 */
class DeepExpressionTest {
  private static final String TRAIN = "train { optimizer sgd(lr = 0.00001) epochs 2 }\n";

  @Test
  void aLossOfTwoThousandTermsTrainsOnBothBackendsAndGenerates(@TempDir Path dir) throws Exception {
    String loss = IntStream.range(0, 2_000).mapToObj(i -> "(x - " + i % 7 + ")^2").collect(Collectors.joining(" + "));
    Path model = write(dir, "sum.model", "model Sum\nparam x = 0\nloss " + loss + "\n" + TRAIN);
    for (String backend : new String[] {"java", "interpreted"}) {
      CliRun train = onSmallStack("train", "--quiet", "--backend", backend, model.toString());
      assertEquals(0, train.status(), train.err());
    }
    CliRun grad = onSmallStack("grad", model.toString());
    assertEquals("loss: 25965\ngradient:\n  x: -11990\n", grad.out(), grad.err());
    CliRun generate = onSmallStack("generate", "--target", "java", "-o", dir.toString(), model.toString());
    assertEquals(0, generate.status(), generate.err());
    String runtime = Path.of(DoubleKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-classpath", runtime, "-d",
        dir.toString(), dir.resolve("SumKernel.java").toString(), dir.resolve("SumModel.java").toString()));
  }

  @Test
  void anOutputOfTwoThousandTermsTrainsOnItsData(@TempDir Path dir) throws Exception {
    Files.copy(Path.of("../samples/line-fit.csv"), dir.resolve("line-fit.csv"));
    String terms = IntStream.range(0, 2_000).mapToObj(i -> "b * x * " + i % 5 + "e-3").collect(Collectors.joining(" + "));
    Path model = write(dir, "out.model", "model Out\ndata \"line-fit.csv\"\ninput x\ntarget y\nparam a = 0\nparam b = 0\n"
        + "output yhat = a + " + terms + "\nloss mse(yhat, y)\ntrain { optimizer sgd(lr = 0.1) batch full epochs 20 }\n");
    CliRun train = onSmallStack("train", "--quiet", model.toString());
    assertEquals(0, train.status(), train.err());
    assertTrue(train.out().contains("b: 0.5"), train.out());
  }

  @Test
  void aNestOfFiveHundredProductsTrains(@TempDir Path dir) throws Exception {
    String nest = "b" + " * (b".repeat(499) + ")".repeat(499);
    Path model = write(dir, "nest.model", "model Nest\nparam a = 1\nparam b = 1\nloss " + nest + " + a^2\n" + TRAIN);
    CliRun grad = onSmallStack("grad", model.toString());
    assertEquals("loss: 2\ngradient:\n  a: 2\n  b: 500\n", grad.out(), grad.err());
    assertEquals(0, onSmallStack("train", "--quiet", model.toString()).status());
  }

  @Test
  void oneLevelPastTheLimitIsOneLineAtTheBracketThatOpensIt(@TempDir Path dir) throws Exception {
    Path model = write(dir, "deep.model", "model Deep\nparam a = 1\nloss " + "(".repeat(1_001) + "a" + ")".repeat(1_001) + "\n");
    for (String command : new String[] {"train", "grad", "generate"}) {
      CliRun run = command.equals("generate")
          ? onSmallStack(command, "--target", "java", "-o", dir.toString(), model.toString())
          : onSmallStack(command, model.toString());
      assertEquals(2, run.status());
      assertEquals(model + ":3:1006: error: expression nested more than 1000 levels deep\n", run.err());
    }
  }

  @Test
  void aMethodPastTheJvmsLimitIsOneLineAtTheLoss(@TempDir Path dir) throws Exception {
    Path model = write(dir, "pow.model", "model Pow\nparam a = 0.5\nloss " + "a^".repeat(900) + "a\n");
    CliRun run = onSmallStack("grad", model.toString());
    assertEquals(2, run.status());
    assertEquals(model + ":3:1: error: the model is too large to compile to Java: its lossAndGradient method would"
        + " be larger than the JVM allows one method (64 KB of bytecode); sum a vector instead of writing each term,"
        + " or use --backend interpreted\n", run.err());
    assertEquals(0, onSmallStack("grad", "--backend", "interpreted", model.toString()).status());
  }

  private static Path write(Path dir, String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  /** {@code gradgen ARGS…} on a thread with a 256 KB stack. */
  private static CliRun onSmallStack(String... args) throws InterruptedException {
    AtomicReference<CliRun> run = new AtomicReference<>();
    Thread thread = new Thread(null, () -> run.set(CliRun.of(args)), "small-stack", 256 << 10);
    thread.start();
    thread.join();
    return run.get();
  }
}
