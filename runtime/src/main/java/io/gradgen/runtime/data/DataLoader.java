package io.gradgen.runtime.data;

import io.gradgen.runtime.ModelLayout;
import java.nio.file.Path;
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
}
