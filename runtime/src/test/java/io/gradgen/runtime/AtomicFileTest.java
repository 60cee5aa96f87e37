package io.gradgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

  @Test
  void replacesTheFileWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("history.csv");
    Files.writeString(file, "old");
    AtomicFile.write(file, "new");
    assertEquals("new", Files.readString(file));
    assertEquals(1, count(dir), "no temporary file left behind");
  }

  @Test
  void aFailureHalfWayLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("data.npy");
    Files.writeString(file, "old");
    IOException failure = assertThrows(IOException.class, () -> AtomicFile.write(file, temporary -> {
      Files.writeString(temporary, "half");
      throw new IOException("disk full");
    }));
    assertEquals("disk full", failure.getMessage());
    assertEquals("old", Files.readString(file));
    assertEquals(1, count(dir));
  }

  @Test
  void aNewFileGetsThePermissionsAnyNewFileGets(@TempDir Path dir) throws IOException {
    Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
    Path atomic = dir.resolve("atomic.txt");
    AtomicFile.write(atomic, "x");
    // Not createTempFile's 0600: what the umask leaves, as for the plain file beside it.
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
  }

  @Test
  void aPendingFileIsInPlaceOnlyOnceCommitted(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("history.csv");
    Files.writeString(file, "old");
    try (AtomicFile.Pending pending = AtomicFile.open(file)) {
      Files.writeString(pending.temporary(), "abandoned");
    }
    assertEquals("old", Files.readString(file));
    assertEquals(1, count(dir), "the abandoned temporary is gone");
    try (AtomicFile.Pending pending = AtomicFile.open(file)) {
      Files.writeString(pending.temporary(), "new");
      pending.commit();
    }
    assertEquals("new", Files.readString(file));
    assertEquals(1, count(dir));
  }

  private static long count(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }
}
