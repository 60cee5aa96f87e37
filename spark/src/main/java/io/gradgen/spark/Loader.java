package io.gradgen.spark;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.data.DataException;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a data file's rows on an executor with the local readers ({@link DataLoader#readRows}),
 * their checks and their messages. A path with a scheme Hadoop knows ({@code hdfs://}, {@code
 * s3a://}, …) is first copied to the executor's local disk, once per executor JVM; a plain path is
 * read where it is (every executor must see it: a shared disk, or local mode).
 */
final class Loader implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

  private final String file;

  Loader(String file) {
    this.file = file;
  }

  /** The file as given, with the second slash of {@code scheme://} that a {@link Path} drops put back. */
  static String of(Path path) {
    String text = path.toString();
    java.util.regex.Matcher scheme = java.util.regex.Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]+):/([^/].*)$").matcher(text);
    return scheme.matches() && !scheme.group(1).equals("file") ? scheme.group(1) + "://" + scheme.group(2) : text;
  }

  /** Rows {@code [first, end)} as a part at {@code first}, or the part saying what is wrong. */
  Part read(ModelLayout layout, int first, int end) {
    try {
      return Part.of(first, DataLoader.readRows(local(), layout, first, end));
    } catch (DataException e) {
      return Part.failed(first, e.getMessage());
    }
  }

  /** The file's rows, or -1 − its error's index in {@code errors}. */
  long count(ModelLayout layout) {
    return DataLoader.countRows(local(), layout);
  }

  private Path local() {
    if (!file.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*") || file.startsWith("file://")) {
      return Path.of(file.startsWith("file://") ? URI.create(file).getPath() : file);
    }
    return COPIES.computeIfAbsent(file, name -> {
      try {
        org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(name);
        org.apache.hadoop.fs.FileSystem fs = remote.getFileSystem(new org.apache.hadoop.conf.Configuration());
        String base = remote.getName();
        Path copy = Files.createTempDirectory("gradgen-data").resolve(base);
        fs.copyToLocalFile(false, remote, new org.apache.hadoop.fs.Path(copy.toUri()), true);
        copy.toFile().deleteOnExit();
        return copy;
      } catch (FileNotFoundException e) {
        throw new DataException(file + ": error: file not found");
      } catch (IOException | RuntimeException e) {
        throw new DataException(file + ": error: cannot read: " + e.getMessage());
      }
    });
  }

  /** The rows of a model without inputs: one empty row. */
  static Part none() {
    return Part.of(0, Dataset.none());
  }
}
