package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.parse.ModelPrinter;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.train.GeneratedModel;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import io.gradgen.samples.generated.CropYieldKernel;
import io.gradgen.samples.generated.CropYieldModel;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two samples generated when this module builds, trained with the runtime alone (the generated
 * classes are in this module's main code, which depends on the runtime only): crop yields through
 * the Maven plugin ({@code CropYieldModel}), the line fit through {@code @GradientModel} ({@link
 * LineFit} → {@code LineFitModel}). Each gives the bits {@code Gradgen.compile} gives on the same
 * model: loss, params and every epoch's losses.
 */
class BuildTimeSamplesTest {

  @Test
  void cropYieldsThroughThePluginTrainAsGradgenCompileDoes() {
    assertTrainsLike(Samples.load("crop-yield.model"), new CropYieldModel());
  }

  @Test
  void theLineFitThroughTheProcessorTrainsAsGradgenCompileDoes() {
    TrainingResult result = assertTrainsLike(Samples.load("line-fit.model"), new LineFitModel());
    assertEquals(1.0235, result.params()[0], 5e-5);
    assertEquals(1.9690, result.params()[1], 5e-5);
  }

  @Test
  void theAnnotationsModelIsLineFitDotModel() throws IOException {
    String source = Files.readString(Samples.DIR.resolve("src/main/java/io/gradgen/samples/LineFit.java"));
    int start = source.indexOf("\"\"\"\n") + 4;
    String block = source.substring(start, source.indexOf("\"\"\")", start) + 3);
    String text = block.substring(0, block.length() - 3).stripIndent();
    assertEquals(ModelPrinter.print(ModelReader.read(Samples.DIR.resolve("line-fit.model"))),
        ModelPrinter.print(ModelReader.parse(text, "LineFit")));
  }

  @Test
  void predictIsOneCallAndTheKernelsCompute() {
    Samples.Sample sample = Samples.load("crop-yield.model");
    double[] params = sample.train().params();
    double[] expected = new double[2];
    ((DoubleKernel) sample.model().kernel()).predict(params, new double[] {73, 67, 43, 56, 70}, 0, expected);
    assertArrayEquals(expected, new CropYieldModel().predict(params, new double[] {73, 67, 43}), 0.0);
    assertEquals(sample.model().layout(), new CropYieldKernel().layout());
  }

  /** {@code generated} trained with its own train block and data is {@code sample} trained, bit for bit. */
  private static TrainingResult assertTrainsLike(Samples.Sample sample, GeneratedModel generated) {
    assertEquals(sample.model().layout(), generated.layout());
    assertEquals(sample.model().training(), generated.training());
    assertEquals(sample.model().dataFile(), generated.dataFile(Samples.DIR));
    Objective objective = generated.objective(DataLoader.read(generated.dataFile(), generated.layout()));
    TrainingResult actual = new Trainer(generated.training(), 2)
        .train(objective, generated.initialParams(0), null, null);
    TrainingResult expected = sample.train();
    assertEquals(expected.loss(), actual.loss(), 0.0);
    assertEquals(expected.validationLoss(), actual.validationLoss());
    assertArrayEquals(expected.params(), actual.params(), 0.0);
    assertEquals(losses(expected), losses(actual));
    return actual;
  }

  private static List<Double> losses(TrainingResult result) {
    return result.history().stream().map(record -> record.trainLoss()).toList();
  }
}
