package io.gradgen.runtime.data;

import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.ModelLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads a data file by its extension: {@code .csv} through {@link CsvReader}, {@code .npy} through
 * {@link NpyReader}.
 *
 * <pre>
 * Dataset rows = DataLoader.read(Path.of("crop-yield.csv"), layout);   // 15 rows × 5 values
 * DataLoader.read(Path.of("crop.txt"), layout);
 *   // DataException: crop.txt: error: unknown data format (expected a .csv or .npy file)
 * </pre>
 */
public final class DataLoader {
  private DataLoader() {}

  public static Dataset read(Path file, ModelLayout layout) {
    if (Files.isDirectory(file)) {
      throw DataException.in(file, "is a folder, not a file");
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return CsvReader.read(file, layout);
    }
    if (lower.endsWith(".npy")) {
      return NpyReader.read(file, layout);
    }
    throw DataException.in(file, "unknown data format (expected a .csv or .npy file)");
  }

  /**
   * Rows {@code [first, end)} of the file, as {@link #read} reads them (a part of the rows for one
   * of a cluster's machines: {@link CsvReader#readRows}, {@link NpyReader#readRows}).
   */
  public static Dataset readRows(Path file, ModelLayout layout, long first, long end) {
    return format(file) == Format.CSV ? CsvReader.readRows(file, layout, first, end)
        : NpyReader.readRows(file, layout, first, end);
  }

  /** The file's data rows, with the checks of {@link #read} but the values'. */
  public static long countRows(Path file, ModelLayout layout) {
    return format(file) == Format.CSV ? CsvReader.countRows(file, layout) : NpyReader.countRows(file, layout);
  }

  private enum Format { CSV, NPY }

  private static Format format(Path file) {
    if (Files.isDirectory(file)) {
      throw DataException.in(file, "is a folder, not a file");
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return Format.CSV;
    }
    if (name.endsWith(".npy")) {
      return Format.NPY;
    }
    throw DataException.in(file, "unknown data format (expected a .csv or .npy file)");
  }

  /**
   * Rows to predict on, which need not have targets: a file with the model's target columns is
   * read as {@link #read} reads it; one without them (a CSV header lacking the target columns, a
   * positional CSV or a {@code .npy} with only the inputs' width) is read for the inputs alone,
   * its targets NaN, which the model's output does not read.
   */
  public static Dataset readForPrediction(Path file, ModelLayout layout) {
    ModelLayout inputs = layout.withoutTargets();
    if (inputs.rowWidth() == layout.rowWidth() || hasTargets(file, layout)) {
      return read(file, layout);
    }
    return read(file, inputs).widened(layout.rowWidth());
  }

  private static boolean hasTargets(Path file, ModelLayout layout) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy")) {
      return NpyReader.columns(file) != layout.withoutTargets().rowWidth();
    }
    if (!name.endsWith(".csv")) {
      return true; // read() says what is wrong with it
    }
    List<String> header = CsvReader.header(file);
    boolean anyBound = layout.data().stream().anyMatch(slot -> !slot.columns().isEmpty());
    if (!anyBound) {
      return header.size() != layout.withoutTargets().rowWidth();
    }
    for (DataSlot slot : layout.data()) {
      if (slot.target()) {
        List<String> columns = slot.columns().isEmpty() ? List.of(slot.name()) : slot.columns();
        if (!header.containsAll(columns)) {
          return false;
        }
      }
    }
    return true;
  }
}
