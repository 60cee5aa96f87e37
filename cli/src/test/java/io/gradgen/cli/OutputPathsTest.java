package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathsTest {
  @TempDir Path dir;

  @Test
  void aFileInAWritableFolderIsFine() {
    assertDoesNotThrow(() -> OutputPaths.file("--save", dir.resolve("x.json")));
    assertDoesNotThrow(() -> OutputPaths.file("--save", Path.of("x.json")), "a bare name is in the working directory");
    assertDoesNotThrow(() -> OutputPaths.file("--save", null), "an option not given");
  }

  @Test
  void aFileProblemNamesTheOptionAndThePathAsGiven() throws IOException {
    Path missing = dir.resolve("no/such/x.json");
    assertEquals("--save " + missing + ": no such directory", message(() -> OutputPaths.file("--save", missing)));
    assertEquals("--history " + dir + ": is a directory, not a file",
        message(() -> OutputPaths.file("--history", dir)));
    Path notes = Files.writeString(dir.resolve("notes.txt"), "x");
    assertEquals("--plot " + notes.resolve("loss.png") + ": " + notes + " is not a directory",
        message(() -> OutputPaths.file("--plot", notes.resolve("loss.png"))));
  }

  @Test
  void aFolderIsCreatedLaterSoOnlyItsNearestExistingAncestorMatters() throws IOException {
    assertDoesNotThrow(() -> OutputPaths.directory("-o", dir.resolve("new/deeper")));
    Path notes = Files.writeString(dir.resolve("notes.txt"), "x");
    assertEquals("-o " + notes + ": is a file, not a directory", message(() -> OutputPaths.directory("-o", notes)));
    assertEquals("-o " + notes.resolve("out") + ": " + notes + " is a file, not a directory",
        message(() -> OutputPaths.directory("-o", notes.resolve("out"))));
  }

  private static String message(org.junit.jupiter.api.function.Executable check) {
    return assertThrows(UsageError.class, check).getMessage();
  }
}
