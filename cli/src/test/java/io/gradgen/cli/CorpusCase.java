package io.gradgen.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of the bad-input corpus: the files it writes, the command it runs, and what the command
 * must print and return. The text format is described in {@code src/test/resources/bad-input/README.md}.
 */
record CorpusCase(
    Path source, String name, Map<String, byte[]> files, String run, int expectedStatus, String expectedErr,
    String expectedOut) {
  private static final String CASE = "=== ";
  private static final String SECTION = "--- ";
  private static final Path FILES = BadInputCorpusTest.CORPUS.resolve("files");
  private static final Path SAMPLES = Path.of("../samples");

  @Override
  public String toString() {
    return source.getFileName() + ": " + name;
  }

  static List<CorpusCase> read(Path file) {
    List<String> lines = BadInputCorpusTest.read(file).lines().toList();
    List<CorpusCase> cases = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      if (!lines.get(i).startsWith(CASE)) {
        i++;
        continue;
      }
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).startsWith(CASE)) {
        end++;
      }
      cases.add(parse(file, lines.get(i).substring(CASE.length()).strip(), lines.subList(i + 1, end)));
      i = end;
    }
    return cases;
  }

  private static CorpusCase parse(Path file, String name, List<String> body) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    String run = null;
    Integer status = null;
    String err = "";
    String out = null;
    int i = 0;
    while (i < body.size()) {
      String header = body.get(i);
      if (!header.startsWith(SECTION)) {
        if (header.isBlank() || header.startsWith("#")) {
          i++;
          continue;
        }
        throw new IllegalArgumentException(file + ": case " + name + ": expected a '--- ' section, not " + header);
      }
      int end = i + 1;
      while (end < body.size() && !body.get(end).startsWith(SECTION)) {
        end++;
      }
      List<String> text = trimTrailingBlank(body.subList(i + 1, end));
      String[] words = header.substring(SECTION.length()).strip().split(" +");
      switch (words[0]) {
        case "file" -> files.put(words[1], words.length > 2 && words[2].equals("escaped")
            ? unescape(String.join("\n", text)) : (String.join("\n", text) + "\n").getBytes(StandardCharsets.UTF_8));
        case "run" -> run = String.join(" ", text).strip();
        case "exit" -> {
          status = Integer.parseInt(words[1]);
          err = String.join("\n", text);
        }
        case "stdout" -> out = String.join("\n", text);
        default -> throw new IllegalArgumentException(file + ": case " + name + ": unknown section " + header);
      }
      i = end;
    }
    if (run == null || status == null) {
      throw new IllegalArgumentException(file + ": case " + name + " needs '--- run' and '--- exit N'");
    }
    return new CorpusCase(file, name, files, run, status, err, out);
  }

  private static List<String> trimTrailingBlank(List<String> lines) {
    int end = lines.size();
    while (end > 0 && lines.get(end - 1).isBlank()) {
      end--;
    }
    return lines.subList(0, end);
  }

  /** {@code \xNN} is a raw byte, {@code \n \t \r \0 \\} as in Java; everything else is UTF-8. */
  static byte[] unescape(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder plain = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 == text.length()) {
        plain.append(c);
        continue;
      }
      bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
      plain.setLength(0);
      char next = text.charAt(++i);
      switch (next) {
        case 'x' -> {
          bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
          i += 2;
        }
        case 'n' -> bytes.write('\n');
        case 't' -> bytes.write('\t');
        case 'r' -> bytes.write('\r');
        case '0' -> bytes.write(0);
        case '\\' -> bytes.write('\\');
        default -> throw new IllegalArgumentException("unknown escape \\" + next);
      }
    }
    bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  void writeFiles(Path tmp) throws IOException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path target = tmp.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
  }

  /** The command line split at spaces, outside single quotes, with its placeholders filled in. */
  String[] args(Path tmp) {
    List<String> args = new ArrayList<>();
    StringBuilder arg = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : run.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          args.add(arg.toString());
        }
        arg.setLength(0);
        any = false;
      } else {
        arg.append(c);
        any = true;
      }
    }
    if (any) {
      args.add(arg.toString());
    }
    return args.stream()
        .map(a -> a.replace("{tmp}", tmp.toString()).replace("{files}", FILES.toString())
            .replace("{samples}", SAMPLES.toString()))
        .toArray(String[]::new);
  }

  /**
   * Output with this run's paths written back as placeholders, and its timings as {@code {s}}, so
   * that expected lines name neither a machine nor a moment.
   */
  String relativize(String text, Path tmp) {
    return text.replace(tmp.toString(), "{tmp}").replace(FILES.toString(), "{files}")
        .replace(SAMPLES.toString(), "{samples}")
        .replaceAll(", [0-9.]+ s\\b", ", {s} s")
        .replaceAll("(\"(?:seconds|loadSeconds|compileSeconds)\": )[-0-9.E]+", "$1{s}");
  }

  /** Writes what the command did as this case's expected status and output, in its file. */
  void rewrite(int status, String out, String err) {
    List<String> lines = new ArrayList<>(BadInputCorpusTest.read(source).lines().toList());
    int start = lines.indexOf(CASE + name);
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith(CASE)) {
      end++;
    }
    List<String> block = new ArrayList<>();
    int i = start + 1;
    while (i < end) {
      String line = lines.get(i);
      if (line.startsWith(SECTION + "exit") || line.startsWith(SECTION + "stdout")) {
        i++;
        while (i < end && !lines.get(i).startsWith(SECTION)) {
          i++;
        }
        continue;
      }
      block.add(line);
      i++;
    }
    List<String> kept = new ArrayList<>(trimTrailingBlank(block));
    kept.add(SECTION + "exit " + status);
    if (!err.isBlank()) {
      kept.addAll(err.stripTrailing().lines().toList());
    }
    if (status != 2 && expectedOut != null) {
      kept.add(SECTION + "stdout");
      kept.addAll(out.stripTrailing().lines().toList());
    }
    kept.add("");
    List<String> rewritten = new ArrayList<>(lines.subList(0, start + 1));
    rewritten.addAll(kept);
    rewritten.addAll(lines.subList(end, lines.size()));
    try {
      Files.writeString(source, String.join("\n", rewritten).stripTrailing() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
