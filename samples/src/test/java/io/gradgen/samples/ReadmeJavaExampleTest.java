package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.janino.ScriptEvaluator;
import org.junit.jupiter.api.Test;

/**
 * The README's "From Java" snippet, run as written (compiled by Janino as a script, its imports as
 * the script's imports), so that the README cannot drift from the API. Paths in it are relative to
 * the repository root, where a reader runs it; the test resolves them there.
 */
class ReadmeJavaExampleTest {
  private static final Path ROOT = Samples.DIR.getParent();

  @Test
  void theSnippetTrainsCropYieldsAsTheTrainerDoes() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int section = readme.indexOf("## From Java");
    assertTrue(section >= 0, "README.md has no 'From Java' section");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    String snippet = readme.substring(start, readme.indexOf("```", start));

    List<String> imports = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (String line : snippet.split("\n")) {
      if (line.startsWith("import ")) {
        imports.add(line.substring("import ".length(), line.indexOf(';')));
      } else {
        body.append(line).append('\n');
      }
    }
    ScriptEvaluator script = new ScriptEvaluator();
    script.setTargetVersion(8); // Janino targets Java 6 by default: no static interface methods
    script.setDefaultImports(imports.toArray(new String[0]));
    script.cook(body.toString().replace("Path.of(\"samples/", "Path.of(\"" + ROOT.toString().replace('\\', '/') + "/samples/"));

    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      script.evaluate(new Object[0]);
    } finally {
      System.setOut(out);
    }
    double expected = Samples.load("crop-yield.model").train().loss();
    String first = printed.toString(StandardCharsets.UTF_8).split("\\s+")[0];
    assertEquals(expected, Double.parseDouble(first), 0.0, "the snippet printed " + printed);
  }
}
