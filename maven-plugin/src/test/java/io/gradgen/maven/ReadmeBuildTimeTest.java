package io.gradgen.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "At build time" section is what the outside project of the integration tests
 * ({@code src/it/outside}) builds and runs: each dependency and plugin of its POM blocks is in that
 * project's POM, the annotated interface is its {@code Minimize.java}, and each piece of training
 * code (imports and statements, in order) is in its {@code TrainTest}. So the snippets work as
 * written, and cannot drift from what is tested.
 */
class ReadmeBuildTimeTest {
  private static final Path README = Path.of("../README.md");
  private static final Path OUTSIDE = Path.of("src/it/outside");

  @Test
  void thePomBlocksAreTheOutsideProjectsPom() throws IOException {
    List<String> pom = trimmed(Files.readString(OUTSIDE.resolve("pom.xml"))
        .replace("@project.version@", System.getProperty("gradgen.version")));
    List<String> blocks = blocks("xml");
    assertEquals(2, blocks.size(), "the section's POM blocks: the plugin's, the processor's");
    int elements = 0;
    for (String block : blocks) {
      for (List<String> element : elements(trimmed(block))) {
        assertTrue(Collections.indexOfSubList(pom, element) >= 0, "not in the outside project's POM:\n"
            + String.join("\n", element));
        elements++;
      }
    }
    assertEquals(3, elements, "the runtime dependency, the plugin, the compiler plugin");
  }

  @Test
  void theAnnotatedInterfaceIsTheOutsideProjectsSource() throws IOException {
    assertEquals(Files.readString(OUTSIDE.resolve("src/main/java/com/example/Minimize.java")), blocks("java").get(1));
  }

  @Test
  void theTrainingCodeIsTheOutsideProjectsTest() throws IOException {
    List<String> test = trimmed(Files.readString(OUTSIDE.resolve("src/test/java/com/example/TrainTest.java")));
    List<String> java = blocks("java");
    assertEquals(3, java.size(), "the section's Java: plugin training, the annotated interface, its training");
    for (String snippet : List.of(java.get(0), java.get(2))) {
      List<String> statements = new ArrayList<>();
      for (String line : trimmed(snippet)) {
        if (line.startsWith("import ")) {
          assertTrue(test.contains(line), "TrainTest lacks " + line);
        } else if (!line.isEmpty()) {
          statements.add(line);
        }
      }
      assertTrue(Collections.indexOfSubList(test, statements) >= 0, "not in TrainTest:\n"
          + String.join("\n", statements));
    }
  }

  /** The fenced blocks of one language in the README's "At build time" section, in order. */
  private static List<String> blocks(String language) throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("\n## At build time\n");
    assertTrue(start >= 0, "README.md has no 'At build time' section");
    String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
    List<String> blocks = new ArrayList<>();
    String fence = "```" + language + "\n";
    for (int at = section.indexOf(fence); at >= 0; at = section.indexOf(fence, at + 1)) {
      int from = at + fence.length();
      blocks.add(section.substring(from, section.indexOf("```", from)));
    }
    return blocks;
  }

  /** The {@code <dependency>} and {@code <plugin>} elements of a POM block, each its lines. */
  private static List<List<String>> elements(List<String> lines) {
    List<List<String>> elements = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      for (String tag : List.of("dependency", "plugin")) {
        if (lines.get(i).equals("<" + tag + ">")) {
          int end = i;
          while (!lines.get(end).equals("</" + tag + ">")) {
            end++;
          }
          elements.add(lines.subList(i, end + 1));
        }
      }
    }
    return elements;
  }

  private static List<String> trimmed(String text) {
    return text.lines().map(String::trim).toList();
  }
}
