package io.gradgen.runtime.data;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    return withRecords(file, records -> read(file, layout, records, rowsAtMost(file), 0, Long.MAX_VALUE).data());
  }

  /**
   * Data rows {@code [first, end)} of the file (0 is the first row after the header), read as
   * {@link #read} reads the whole file, with its messages: for a part of the rows on each of a
   * cluster's machines. Every row's cell count is checked; only the rows in the range are parsed
   * as numbers, so a bad cell is reported by the part that holds it.
   *
   * @throws DataException also when the file has fewer than {@code end} rows
   */
  public static Dataset readRows(Path file, ModelLayout layout, long first, long end) {
    if (first < 0 || end <= first) {
      throw new IllegalArgumentException("no rows in [" + first + ", " + end + ")");
    }
    Part part = withRecords(file, records -> read(file, layout, records, end - first, first, end));
    if (part.total() < end) {
      throw DataException.in(file, "changed while it was read (" + part.total() + " rows, not " + end + ")");
    }
    return part.data();
  }

  /** The file's data rows, counted with the checks of {@link #read} but the cells' numbers. */
  public static long countRows(Path file, ModelLayout layout) {
    return withRecords(file, records -> read(file, layout, records, 0, 0, 0).total());
  }

  /** The rows read and the rows the file has. */
  private record Part(Dataset data, long total) {}

  /** What is done with a file's records; it may read the file again (to count its lines). */
  private interface Reading<T> {
    T apply(Iterator<CsvRecord> records) throws IOException;
  }

  /**
   * {@code reading} over the file's records, its problems in gradgen's words: missing, a folder,
   * not UTF-8, unreadable, malformed. Rows may have more or fewer cells than the header; the reader
   * says which row, at its cell.
   */
  private static <T> T withRecords(Path file, Reading<T> reading) {
    if (!Files.isRegularFile(file)) {
      throw DataException.in(file, Files.isDirectory(file) ? "is a folder, not a file" : "file not found");
    }
    try (de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv =
        de.siegmar.fastcsv.reader.CsvReader.builder()
            .allowExtraFields(true)
            .allowMissingFields(true)
            .ofCsvRecord(utf8(file))) {
      return reading.apply(csv.iterator());
    } catch (IOException | UncheckedIOException e) {
      throw unreadable(file, e);
    } catch (CsvParseException e) {
      throw malformed(file, e);
    }
  }

  /**
   * The file as strict UTF-8: an invalid byte is an error, not a replacement character that
   * would surface later as a strange "not a number" or a column that cannot be found.
   */
  private static Reader utf8(Path file) throws IOException {
    PushbackReader text = new PushbackReader(new InputStreamReader(Files.newInputStream(file),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)));
    int first = text.read();
    if (first >= 0 && first != '\uFEFF') {
      text.unread(first); // a byte-order mark is not part of the first column's name
    }
    return text;
  }

  private static DataException unreadable(Path file, Exception e) {
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    if (cause instanceof CharacterCodingException) {
      return DataException.in(file, "it is not UTF-8 text (save the CSV as UTF-8)");
    }
    return DataException.in(file, "cannot read: " + (cause == null ? e : cause).getMessage());
  }

  /** A record the CSV parser refused, in gradgen's words: where it starts and what is wrong. */
  private static DataException malformed(Path file, CsvParseException e) {
    java.util.regex.Matcher line = java.util.regex.Pattern.compile("started in line (\\d+)").matcher(String.valueOf(e.getMessage()));
    String where = line.find() ? "the record that starts on line " + line.group(1) : "a record";
    String cause = e.getCause() == null ? null : e.getCause().getMessage();
    String what = cause == null ? "cannot be parsed" : "cannot be parsed (" + cause.replaceAll("\\.$", "").toLowerCase(java.util.Locale.ROOT) + ")";
    return DataException.in(file, "malformed CSV: " + where + " " + what);
  }

  /** The column names of a CSV file's header row (empty for an empty file). */
  static List<String> header(Path file) {
    return withRecords(file, records -> records.hasNext() ? header(file, records.next()) : List.of());
  }

  /** Rows {@code [first, end)} of the records ({@code rowsAtMost} of them at most), and how many there are. */
  private static Part read(Path file, ModelLayout layout, Iterator<CsvRecord> records, long rowsAtMost, long first,
      long end) {
    if (!records.hasNext()) {
      throw DataException.in(file, "the file is empty (a header row is required)");
    }
    CsvRecord headerRecord = records.next();
    List<String> header = header(file, headerRecord);
    int[] columns = CsvColumns.resolve(file, header, layout);
    int width = columns.length;
    // Parsed once, into an array sized from the file's line count (a row per line after the
    // header, at most), in the precision the run computes in: the data is never in memory twice.
    boolean f32 = layout.precision() == Precision.F32;
    long capacity = Math.max(0, rowsAtMost) * width;
    if (capacity > Integer.MAX_VALUE - 8) {
      throw DataException.in(file, "too large: " + rowsAtMost + " rows × " + width + " values");
    }
    double[] doubles = f32 ? null : HeapArrays.doubles(file, (int) capacity);
    float[] floats = f32 ? HeapArrays.floats(file, (int) capacity) : null;
    int rows = 0;
    long total = 0;
    while (records.hasNext()) {
      CsvRecord record = records.next();
      long line = record.getStartingLineNumber();
      // An unclosed quote swallows the rest of the file into one record: the last one, or one a
      // cell short. Only those are searched for line breaks, not every cell of a large file.
      if (record.getFieldCount() != header.size() || !records.hasNext()) {
        requireNoLineBreaks(file, line, record);
      }
      if (record.getFieldCount() != header.size()) {
        throw DataException.at(
            file,
            line,
            Math.min(record.getFieldCount(), header.size()) + 1,
            "expected " + header.size() + " cells as in the header, found " + record.getFieldCount());
      }
      if (total++ < first || total > end) {
        continue; // another part's row: its cells are that part's to parse
      }
      if ((long) (rows + 1) * width > capacity) {
        throw DataException.in(file, "changed while it was read (more rows than lines)");
      }
      for (int i = 0; i < width; i++) {
        int column = columns[i];
        double value = number(file, line, column, header.get(column), record.getField(column));
        if (f32) {
          floats[rows * width + i] = (float) value;
        } else {
          doubles[rows * width + i] = value;
        }
      }
      rows++;
    }
    if (total == 0) {
      throw DataException.in(file, "no data rows after the header");
    }
    int length = rows * width;
    return new Part(f32
        ? Dataset.ofFloats(file.toString(), rows, width, floats.length == length ? floats : Arrays.copyOf(floats, length))
        : new Dataset(file.toString(), rows, width, doubles.length == length ? doubles : Arrays.copyOf(doubles, length)),
        total);
  }

  /**
   * The most data rows the file can hold: its lines after the header, a line ending at {@code \n},
   * {@code \r\n} or a lone {@code \r} as the CSV parser counts them (an empty line or a quoted
   * line break makes it an overestimate, never an underestimate).
   */
  private static long rowsAtMost(Path file) throws IOException {
    long breaks = 0;
    boolean afterReturn = false;
    boolean endsInBreak = true;
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] block = new byte[1 << 16];
      for (int n = in.read(block); n >= 0; n = in.read(block)) {
        for (int i = 0; i < n; i++) {
          byte b = block[i];
          if (b == '\n') {
            breaks += afterReturn ? 0 : 1;
          } else if (b == '\r') {
            breaks++;
          }
          afterReturn = b == '\r';
          endsInBreak = b == '\n' || b == '\r';
        }
      }
    }
    long lines = breaks + (endsInBreak ? 0 : 1);
    return lines - 1;
  }

  private static List<String> header(Path file, CsvRecord record) {
    List<String> header = new ArrayList<>();
    for (int i = 0; i < record.getFieldCount(); i++) {
      String name = record.getField(i).strip();
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

  private static void requireNoLineBreaks(Path file, long line, CsvRecord record) {
    for (int i = 0; i < record.getFieldCount(); i++) {
      String field = record.getField(i);
      if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
        throw DataException.at(file, line, i + 1,
            "a quoted cell runs on over the end of its line; is its closing '\"' missing?");
      }
    }
  }

  private static double number(Path file, long line, int column, String name, String cell) {
    // strip, not trim: trim would also drop a NUL or another control character and read the rest.
    String text = cell.strip();
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
