package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The checked-in data files are exactly what {@link SampleData} regenerates from the tutorials'
 * NumPy code, so the samples provably train on the tutorials' data.
 */
class SampleDataTest {

  @Test
  void lineFitCsvIsTheTutorialsData() throws IOException {
    assertEquals(SampleData.lineFit(), Files.readString(Samples.DIR.resolve("line-fit.csv")));
  }

  @Test
  void badStartCsvIsRegenerated() throws IOException {
    assertEquals(SampleData.badStart(), Files.readString(Samples.DIR.resolve("bad-start.csv")));
  }

  @Test
  void makeRegressionCsvIsRegenerated() throws IOException {
    assertEquals(SampleData.makeRegression(), Files.readString(Samples.DIR.resolve("make-regression.csv")));
  }

  @Test
  void lineFitRowsFollowTheTutorialsFormula() {
    String[] lines = SampleData.lineFit().split("\n");
    assertEquals("x,y", lines[0]);
    assertEquals(101, lines.length);
    // The tutorial's idx[0] is 76: the first row is x[76], the 77th draw of rand.
    NumpyRandom random = new NumpyRandom(42);
    double[] x = random.rand(100);
    assertEquals(x[76], Double.parseDouble(lines[1].split(",")[0]), 0);
  }

  @Test
  void badStartHasSixtyPointsFromMinusThree() {
    String[] lines = SampleData.badStart().split("\n");
    assertEquals(61, lines.length);
    assertEquals(-3, Double.parseDouble(lines[1].split(",")[0]), 0);
    assertEquals(2.9, Double.parseDouble(lines[60].split(",")[0]), 1e-12);
  }

  @Test
  void makeRegressionsTrueCoefficientIsAboutPointFourEight() {
    assertEquals(0.4787, SampleData.makeRegressionCoefficient(), 5e-5);
  }
}
