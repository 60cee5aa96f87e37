package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.Kernel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParameterInit;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a generated model class inherits: its objective, initial params, data path and predict. */
class GeneratedModelTest {

  /** As a generated {@code LineModel} would be, over the hand-written {@link LinearKernel}s. */
  private record Line(Precision precision, String data) implements GeneratedModel {
    @Override
    public ModelLayout layout() {
      return LinearKernel.layout(precision);
    }

    @Override
    public TrainingConfig training() {
      return TrainingConfig.defaults().withPrecision(precision);
    }

    @Override
    public Path dataFile() {
      return data == null ? null : Path.of(data);
    }

    @Override
    public Kernel kernel() {
      return precision == Precision.F32 ? new LinearFloatKernel() : new LinearKernel();
    }
  }

  private static final Dataset ROWS = new Dataset("rows", 3, 2, new double[] {1, 3, 2, 5, 3, 7});

  @Test
  void trainsAsAnObjectiveOverTheKernelDoes() {
    Line model = new Line(Precision.F64, "line.csv");
    TrainingResult expected = new Trainer(model.training(), 1)
        .train(KernelObjective.of(new LinearKernel(), ROWS), new double[2], null, null);
    TrainingResult actual = new Trainer(model.training(), 1)
        .train(model.objective(ROWS), model.initialParams(0), null, null);
    assertArrayEquals(expected.params(), actual.params(), 0.0);
    assertEquals(Precision.F32, new Line(Precision.F32, null).objective(ROWS).layout().precision());
  }

  @Test
  void initialParamsComeFromTheLayout() {
    Line model = new Line(Precision.F64, null);
    assertArrayEquals(ParameterInit.initialize(model.layout(), 5), model.initialParams(5), 0.0);
  }

  @Test
  void theDataPathIsAsWrittenOrResolvedAgainstTheModelsFolder() {
    Line model = new Line(Precision.F64, "../data/line.csv");
    assertEquals(Path.of("../data/line.csv"), model.dataFile());
    assertEquals(Path.of("project/data/line.csv"), model.dataFile(Path.of("project/models")));
    assertNull(new Line(Precision.F64, null).dataFile(Path.of("models")));
  }

  @Test
  void predictsOneRowFromItsInputsOrTheWholeRow() {
    Line model = new Line(Precision.F64, null);
    double[] params = {2, 1};
    assertArrayEquals(new double[] {7}, model.predict(params, new double[] {3}), 0.0);
    assertArrayEquals(new double[] {7}, model.predict(params, new double[] {3, 99}), 0.0);
    assertArrayEquals(new double[] {(double) 0.1f * 3 + 1},
        new Line(Precision.F32, null).predict(new double[] {0.1, 1}, new double[] {3}), 0.0);
  }

  @Test
  void predictSaysWhatIsWrong() {
    Line model = new Line(Precision.F64, null);
    assertEquals("model Line takes 1 input value a row (2 values with its targets), not 3",
        assertThrows(IllegalArgumentException.class, () -> model.predict(new double[2], new double[3])).getMessage());
    assertEquals("model Line has 2 parameter values, not 1",
        assertThrows(IllegalArgumentException.class, () -> model.predict(new double[1], new double[1])).getMessage());
    GeneratedModel noOutput = new GeneratedModel() {
      @Override
      public ModelLayout layout() {
        return new ModelLayout("Bare", List.of(), List.of(), null, null, Precision.F64);
      }

      @Override
      public TrainingConfig training() {
        return TrainingConfig.defaults();
      }

      @Override
      public Path dataFile() {
        return null;
      }

      @Override
      public Kernel kernel() {
        throw new AssertionError("predict needs no kernel to refuse");
      }
    };
    assertEquals("model Bare declares no output",
        assertThrows(IllegalStateException.class, () -> noOutput.predict(new double[0], new double[0])).getMessage());
  }
}
