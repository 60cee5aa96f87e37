package io.gradgen.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding dot on a PATH, rendering through it, and a failed render leaving the old file. */
class GraphvizTest {

  private static Path dot() {
    Optional<Path> dot = Graphviz.find(System.getenv("PATH"));
    Assumptions.assumeTrue(dot.isPresent(), "Graphviz's dot is not on PATH (.ci/run installs it)");
    return dot.get();
  }

  @Test
  void dotIsTheFirstExecutableOnThePath(@TempDir Path folder) throws IOException {
    Path empty = Files.createDirectory(folder.resolve("empty"));
    Path notExecutable = Files.createDirectory(folder.resolve("plain"));
    Files.writeString(notExecutable.resolve("dot"), "");
    Path bin = Files.createDirectory(folder.resolve("bin"));
    Path dot = Files.writeString(bin.resolve("dot"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
    String path = String.join(File.pathSeparator, empty.toString(), "", notExecutable.toString(), bin.toString());
    assertEquals(Optional.of(dot), Graphviz.find(path));
    assertEquals(Optional.empty(), Graphviz.find(empty.toString()));
    assertEquals(Optional.empty(), Graphviz.find(""));
    assertEquals(Optional.empty(), Graphviz.find(null));
  }

  @Test
  void theFormatIsTheExtensions() {
    assertEquals(Optional.of(Graphviz.Format.SVG), Graphviz.Format.of(Path.of("a/g.svg")));
    assertEquals(Optional.of(Graphviz.Format.PNG), Graphviz.Format.of(Path.of("G.PNG")));
    assertEquals(Optional.empty(), Graphviz.Format.of(Path.of("g.dot")));
    assertEquals(Optional.empty(), Graphviz.Format.of(Path.of("svg")));
  }

  @Test
  void rendersSvgAndPng(@TempDir Path folder) throws IOException {
    Path dot = dot();
    String text = "digraph g { a [label=\"ŷ\"]; a -> b; }\n";
    Path svg = folder.resolve("g.svg");
    Graphviz.render(dot, text, Graphviz.Format.SVG, svg);
    assertTrue(Files.readString(svg).contains("ŷ"));
    Path png = folder.resolve("g.png");
    Graphviz.render(dot, text, Graphviz.Format.PNG, png);
    byte[] bytes = Files.readAllBytes(png);
    assertEquals((byte) 0x89, bytes[0]);
    assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void aFailedRenderSaysWhyAndLeavesTheOldFile(@TempDir Path folder) throws IOException {
    Path dot = dot();
    Path svg = Files.writeString(folder.resolve("g.svg"), "old");
    IOException e = assertThrows(IOException.class,
        () -> Graphviz.render(dot, "digraph { a -> ; }", Graphviz.Format.SVG, svg));
    assertTrue(e.getMessage().contains("-Tsvg failed (exit 1): "), e.getMessage());
    assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("syntax error"), e.getMessage());
    assertEquals("old", Files.readString(svg));
    try (var files = Files.list(folder)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }
}
