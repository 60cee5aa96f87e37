package io.gradgen.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Output paths checked before any work starts, so that a long training never ends in an unwritable
 * {@code --save}: each problem is a {@link UsageError} naming the option and the path as given.
 *
 * <pre>
 * file("--save", Path.of("/nonexistent/x.json"))   → error: --save /nonexistent/x.json: no such directory
 * file("--history", Path.of("runs"))               → error: --history runs: is a directory, not a file
 * directory("-o", Path.of("notes.txt"))            → error: -o notes.txt: is a file, not a directory
 * </pre>
 */
final class OutputPaths {
  private OutputPaths() {}

  /** A file the command will write (created or replaced): its folder exists and can be written. */
  static void file(String option, Path file) {
    if (file == null) {
      return;
    }
    if (Files.isDirectory(file)) {
      throw new UsageError(option + " " + file + ": is a directory, not a file");
    }
    Path folder = file.toAbsolutePath().getParent();
    if (!Files.exists(folder)) {
      throw new UsageError(option + " " + file + ": no such directory");
    }
    if (!Files.isDirectory(folder)) {
      throw new UsageError(option + " " + file + ": " + folder + " is not a directory");
    }
    if (!Files.isWritable(folder)) {
      throw new UsageError(option + " " + file + ": cannot write in " + folder + " (permission denied)");
    }
    if (Files.exists(file) && !Files.isWritable(file)) {
      throw new UsageError(option + " " + file + ": the file exists and cannot be written (permission denied)");
    }
  }

  /** A folder the command will write into, created if missing: the nearest existing folder can be written. */
  static void directory(String option, Path folder) {
    Path absolute = folder.toAbsolutePath();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new UsageError(option + " " + folder + ": no such directory");
    }
    if (!Files.isDirectory(existing)) {
      throw new UsageError(option + " " + folder + ": "
          + (existing.equals(absolute) ? "is a file, not a directory" : existing + " is a file, not a directory"));
    }
    if (!Files.isWritable(existing)) {
      throw new UsageError(option + " " + folder + ": cannot write in " + existing + " (permission denied)");
    }
  }
}
