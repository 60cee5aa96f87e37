package io.gradgen.runtime.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.gradgen.runtime.ModelLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a CSV file with a header row into a {@link Dataset} laid out for a model, binding columns
 * as {@link CsvColumns} describes. Cells and header names are trimmed; columns the model does not
 * use may hold anything; empty lines are skipped; a UTF-8 byte-order mark is ignored.
 *
 * <pre>
 * Region,Temperature,Rainfall,Humidity,Mangoes,Oranges
 * A,73,67,43,56,70
 * B,91,88,64,81,101
 * </pre>
 *
 * With {@code input x[3] <- Temperature, Rainfall, Humidity} and {@code target y[2] <- Mangoes,
 * Oranges} this gives 2 rows of 5 values, {@code [73, 67, 43, 56, 70]} first. Every problem is one
 * {@link DataException} line: {@code crop.csv:3:3: error: "8B" in column "Rainfall" is not a
 * number}, where 3 is the line in the file (the header is line 1) and the second 3 the cell.
 */
public final class CsvReader {
  private CsvReader() {}

  public static Dataset read(Path file, ModelLayout layout) {
    if (!Files.isRegularFile(file)) {
      throw DataException.in(file, Files.isDirectory(file) ? "is a folder, not a file" : "file not found");
    }
    try (de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv =
        de.siegmar.fastcsv.reader.CsvReader.builder()
            .detectBomHeader(true)
            .allowExtraFields(true)
            .allowMissingFields(true)
            .ofCsvRecord(file)) {
      return read(file, layout, csv.iterator());
    } catch (IOException | UncheckedIOException e) {
      throw DataException.in(file, "cannot read: " + e.getMessage());
    } catch (CsvParseException e) {
      // fastcsv's own message names the line; the cause, if any, says what was wrong.
      String detail = e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage();
      throw DataException.in(file, "malformed CSV: " + detail);
    }
  }

  private static Dataset read(Path file, ModelLayout layout, Iterator<CsvRecord> records) {
    if (!records.hasNext()) {
      throw DataException.in(file, "the file is empty (a header row is required)");
    }
    CsvRecord headerRecord = records.next();
    List<String> header = header(file, headerRecord);
    int[] columns = CsvColumns.resolve(file, header, layout);
    int width = columns.length;
    double[] values = new double[Math.max(width, 1) * 1024];
    int rows = 0;
    while (records.hasNext()) {
      CsvRecord record = records.next();
      long line = record.getStartingLineNumber();
      if (record.getFieldCount() != header.size()) {
        throw DataException.at(
            file,
            line,
            Math.min(record.getFieldCount(), header.size()) + 1,
            "expected " + header.size() + " cells as in the header, found " + record.getFieldCount());
      }
      if ((long) (rows + 1) * width > values.length) {
        values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * values.length));
      }
      for (int i = 0; i < width; i++) {
        int column = columns[i];
        values[rows * width + i] = number(file, line, column, header.get(column), record.getField(column));
      }
      rows++;
    }
    if (rows == 0) {
      throw DataException.in(file, "no data rows after the header");
    }
    return new Dataset(file.toString(), rows, width, Arrays.copyOf(values, rows * width));
  }

  private static List<String> header(Path file, CsvRecord record) {
    List<String> header = new ArrayList<>();
    for (int i = 0; i < record.getFieldCount(); i++) {
      String name = record.getField(i).trim();
      int earlier = header.indexOf(name);
      if (earlier >= 0) {
        throw DataException.at(
            file,
            record.getStartingLineNumber(),
            i + 1,
            "duplicate column \"" + name + "\" (also column " + (earlier + 1) + ")");
      }
      header.add(name);
    }
    return header;
  }

  private static double number(Path file, long line, int column, String name, String cell) {
    String text = cell.trim();
    if (!Decimal.isDecimal(text)) {
      throw DataException.at(
          file, line, column + 1, "\"" + cell + "\" in column \"" + name + "\" is not a number");
    }
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw DataException.at(
          file, line, column + 1, "\"" + cell + "\" in column \"" + name + "\" is out of range");
    }
    return value;
  }
}
