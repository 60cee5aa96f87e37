package io.gradgen.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * The command's outputs, option by option, none of which may be one of its inputs (the model,
   * its data) or another of its outputs: a checkpoint saved over the model file would destroy it.
   * Options without a path are null and skipped. {@code --save} and {@code --resume} may name one
   * file: continuing a run and saving it in place is what a user means by it.
   */
  static void distinct(Map<String, Path> outputs, Map<String, Path> inputs) {
    Map<String, Path> seen = new LinkedHashMap<>();
    for (Map.Entry<String, Path> output : outputs.entrySet()) {
      if (output.getValue() == null) {
        continue;
      }
      for (Map.Entry<String, Path> input : inputs.entrySet()) {
        if (input.getValue() != null && same(output.getValue(), input.getValue())) {
          throw new UsageError(output.getKey() + " " + output.getValue() + ": is the " + input.getKey()
              + "; writing there would destroy it");
        }
      }
      for (Map.Entry<String, Path> earlier : seen.entrySet()) {
        if (same(output.getValue(), earlier.getValue())) {
          throw new UsageError(output.getKey() + " " + output.getValue() + ": is also the " + earlier.getKey()
              + " file; give each output a file of its own");
        }
      }
      seen.put(output.getKey(), output.getValue());
    }
  }

  private static boolean same(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException unreadable) {
      // compared by name below
    }
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
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
