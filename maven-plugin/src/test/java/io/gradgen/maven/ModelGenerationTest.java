package io.gradgen.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.GeneratedSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gradgen:generate without Maven: what is generated, what is left alone, what is deleted. */
class ModelGenerationTest {
  private static final String CUBIC = "model Cubic\nparam a = 5\nparam b = 6\nloss a^3 - b^2\n";
  private static final String MINIMIZE = "model Minimize\nparam x = 0\nloss (x - 2)^2 + 1\n";
  private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

  @TempDir Path project;
  private Path models;
  private Path output;

  @BeforeEach
  void folders() throws IOException {
    models = Files.createDirectories(project.resolve("src/main/model"));
    output = project.resolve("target/generated-sources/gradgen");
  }

  @Test
  void everyModelBecomesItsTwoClassesInPackageFolders() throws IOException {
    model("cubic.model", CUBIC);
    model("more/deeper/minimize.model", MINIMIZE);
    ModelGeneration.Result result = run("com.example");
    assertEquals(List.of("cubic.model", "more/deeper/minimize.model"), result.generated());
    assertEquals(List.of(), result.errors());
    GeneratedSources cubic = GeneratedSources.of(models.resolve("cubic.model"), "com.example", false);
    assertEquals(cubic.kernel().text(), Files.readString(output.resolve("com/example/CubicKernel.java")));
    assertEquals(cubic.model().text(), Files.readString(output.resolve("com/example/CubicModel.java")));
    assertTrue(Files.isRegularFile(output.resolve("com/example/MinimizeModel.java")));
  }

  @Test
  void aSecondRunLeavesUnchangedModelsAlone() throws IOException {
    model("cubic.model", CUBIC);
    run("com.example");
    Path kernel = output.resolve("com/example/CubicKernel.java");
    FileTime written = Files.getLastModifiedTime(kernel);
    Files.setLastModifiedTime(models.resolve("cubic.model"), LONG_AGO);

    ModelGeneration.Result again = run("com.example");
    assertEquals(List.of(), again.generated());
    assertEquals(List.of("cubic.model"), again.upToDate());
    assertEquals(written, Files.getLastModifiedTime(kernel));
  }

  @Test
  void aModelNewerThanItsClassesIsGeneratedAgain() throws IOException {
    model("cubic.model", CUBIC);
    run("com.example");
    Files.setLastModifiedTime(output.resolve("com/example/CubicModel.java"), LONG_AGO);
    assertEquals(List.of("cubic.model"), run("com.example").generated());
    Files.delete(output.resolve("com/example/CubicKernel.java"));
    assertEquals(List.of("cubic.model"), run("com.example").generated());
  }

  @Test
  void aRemovedModelsClassesAreDeletedAndNothingElse() throws IOException {
    model("cubic.model", CUBIC);
    model("minimize.model", MINIMIZE);
    run("com.example");
    Path mine = Files.writeString(output.resolve("com/example/Mine.java"), "package com.example; class Mine {}");
    Files.delete(models.resolve("minimize.model"));

    ModelGeneration.Result result = run("com.example");
    assertEquals(List.of("com/example/MinimizeKernel.java", "com/example/MinimizeModel.java"), result.deleted());
    assertFalse(Files.exists(output.resolve("com/example/MinimizeKernel.java")));
    assertTrue(Files.exists(output.resolve("com/example/CubicKernel.java")));
    assertTrue(Files.exists(mine));
  }

  @Test
  void aRenamedModelOrAnotherPackageReplacesTheOldClasses() throws IOException {
    Path file = model("cubic.model", CUBIC);
    run("com.example");
    Files.writeString(file, CUBIC.replace("model Cubic", "model Cube"));
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
    ModelGeneration.Result renamed = run("com.example");
    assertEquals(List.of("com/example/CubicKernel.java", "com/example/CubicModel.java"), renamed.deleted());
    assertTrue(Files.exists(output.resolve("com/example/CubeKernel.java")));

    ModelGeneration.Result moved = run("org.other");
    assertEquals(List.of("cubic.model"), moved.generated());
    assertEquals(List.of("com/example/CubeKernel.java", "com/example/CubeModel.java"), moved.deleted());
    assertTrue(Files.exists(output.resolve("org/other/CubeKernel.java")));
  }

  @Test
  void aBrokenModelIsAnErrorAtItsPositionAndTheOthersAreStillGenerated() throws IOException {
    model("cubic.model", CUBIC);
    Path typo = model("typo.model", "model Typo\nparam weight\nloss wieght^2\n");
    ModelGeneration.Result result = run("com.example");
    assertEquals(List.of(typo + ":3:6: error: unknown name 'wieght'; did you mean 'weight'?"), result.errors());
    assertEquals(List.of("cubic.model"), result.generated());
    assertFalse(Files.exists(output.resolve("com/example/TypoKernel.java")));
    assertEquals(List.of("cubic.model"), run("com.example").upToDate());
  }

  @Test
  void twoModelsOfOneNameAreAnError() throws IOException {
    model("a/cubic.model", CUBIC);
    Path second = model("b/cubic.model", CUBIC);
    ModelGeneration.Result result = run("com.example");
    assertEquals(1, result.errors().size());
    assertTrue(result.errors().get(0).startsWith(second + ":1:1: error: this model's class com/example/CubicKernel.java"
        + " is also generated from " + models.resolve("a/cubic.model")), result.errors().toString());
  }

  @Test
  void includesAreGlobsUnderTheSourceFolder() throws IOException {
    model("cubic.model", CUBIC);
    model("notes/readme.txt", "not a model");
    model("extra/minimize.model", MINIMIZE);
    assertEquals(List.of("cubic.model", "extra/minimize.model"), run("p").models());
    ModelGeneration only = new ModelGeneration(models, List.of("extra/*.model"), output, "p", false, "1");
    assertEquals(List.of("extra/minimize.model"), only.run().models());
    assertEquals(List.of(), new ModelGeneration(project.resolve("nowhere"), List.of("**/*.model"), output, "p",
        false, "1").run().models());
  }

  private ModelGeneration.Result run(String packageName) throws IOException {
    return new ModelGeneration(models, List.of("**/*.model"), output, packageName, false, "1").run();
  }

  private Path model(String name, String text) throws IOException {
    Path file = models.resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }
}
