package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.MinimizeModel;
import com.example.models.CropYieldKernel;
import com.example.models.CropYieldModel;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.Kernel;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The README's build-time training code as written there (gradgen's ReadmeBuildTimeTest checks
 * that it is), run with the runtime alone on the class path.
 */
class TrainTest {

  @Test
  void thePluginsKernelTrains() {
    CropYieldModel model = new CropYieldModel();
    Objective objective = model.objective(DataLoader.read(model.dataFile(Path.of("src/main/model")), model.layout()));
    TrainingResult result = new Trainer(model.training(), Runtime.getRuntime().availableProcessors())
        .train(objective, model.initialParams(0), null, null);
    System.out.println(result.loss() + " " + Arrays.toString(result.params()));

    assertTrue(result.loss() < result.history().get(0).trainLoss(), result.history().toString());
    assertTrue(Kernel.class.isAssignableFrom(CropYieldKernel.class));
    assertTrue(model.kernel() instanceof DoubleKernel);
    assertEquals(2, model.predict(result.params(), new double[] {73, 67, 43}).length);
  }

  @Test
  void theProcessorsKernelTrains() {
    MinimizeModel model = new MinimizeModel();
    TrainingResult result = new Trainer(model.training(), 1).train(model.objective(Dataset.none()), model.initialParams(0), null, null);
    System.out.println(Arrays.toString(result.params()));

    assertEquals(2, result.params()[0], 1e-8);
    assertTrue(Kernel.class.isAssignableFrom(MinimizeKernel.class));
    assertTrue(model.kernel() instanceof DoubleKernel);
  }

  @Test
  void theGeneratorIsNotOnTheClassPath() {
    for (String name : new String[] {"io.gradgen.Gradgen", "io.gradgen.processor.GradientModelProcessor",
        "org.codehaus.janino.SimpleCompiler", "com.palantir.javapoet.JavaFile", "org.antlr.v4.runtime.Lexer"}) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
    }
  }
}
