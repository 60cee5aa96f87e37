package io.gradgen.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dictionary at the start of a {@code .npy} file, e.g. {@code {'descr': '<f8', 'fortran_order':
 * False, 'shape': (15, 5), }}: a Python literal of strings, booleans, integers and tuples, parsed
 * by hand because it is all we need of Python. Every deviation is a {@link DataException} naming
 * the file and what was expected.
 */
record NpyHeader(String descr, boolean fortranOrder, List<Long> shape) {

  static NpyHeader parse(Path file, String text) {
    Object value = new Parser(file, text).document();
    if (!(value instanceof Map<?, ?> map)) {
      throw DataException.in(file, "malformed .npy header: expected a dictionary, found " + text.trim());
    }
    Object descr = require(file, map, "descr");
    Object fortran = require(file, map, "fortran_order");
    Object shape = require(file, map, "shape");
    if (!(descr instanceof String descrText)) {
      throw DataException.in(file, "dtype " + show(descr) + " is not supported (use float32 '<f4' or float64 '<f8')");
    }
    if (!(fortran instanceof Boolean fortranOrder)) {
      throw DataException.in(file, "malformed .npy header: 'fortran_order' must be True or False");
    }
    List<Long> sizes = new ArrayList<>();
    if (shape instanceof List<?> items) {
      for (Object item : items) {
        if (!(item instanceof Long size)) {
          throw DataException.in(file, "malformed .npy header: 'shape' must be a tuple of integers");
        }
        sizes.add(size);
      }
    } else {
      throw DataException.in(file, "malformed .npy header: 'shape' must be a tuple of integers");
    }
    return new NpyHeader(descrText, fortranOrder, List.copyOf(sizes));
  }

  private static Object require(Path file, Map<?, ?> map, String key) {
    if (!map.containsKey(key)) {
      throw DataException.in(file, "malformed .npy header: no '" + key + "'");
    }
    return map.get(key);
  }

  /** A value as Python would write it, for messages. */
  static String show(Object value) {
    if (value instanceof String text) {
      return "'" + text + "'";
    }
    if (value instanceof Boolean flag) {
      return flag ? "True" : "False";
    }
    if (value instanceof List<?> items) {
      List<String> parts = new ArrayList<>();
      for (Object item : items) {
        parts.add(show(item));
      }
      return "(" + String.join(", ", parts) + (items.size() == 1 ? ",)" : ")");
    }
    if (value instanceof Map<?, ?>) {
      return "{…}";
    }
    return String.valueOf(value);
  }

  /** Recursive descent over {@code value := dict | tuple | list | string | int | True | False}. */
  private static final class Parser {
    private final Path file;
    private final String text;
    private int position;

    Parser(Path file, String text) {
      this.file = file;
      this.text = text;
    }

    Object document() {
      Object value = value();
      skipSpace();
      if (position != text.length()) {
        throw error("end of header");
      }
      return value;
    }

    private Object value() {
      skipSpace();
      if (position >= text.length()) {
        throw error("a value");
      }
      char c = text.charAt(position);
      if (c == '{') {
        return dictionary();
      }
      if (c == '(' || c == '[') {
        return sequence(c == '(' ? ')' : ']');
      }
      if (c == '\'' || c == '"') {
        return string();
      }
      if (c == '-' || Character.isDigit(c)) {
        return integer();
      }
      if (text.startsWith("True", position)) {
        position += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", position)) {
        position += 5;
        return Boolean.FALSE;
      }
      throw error("a value");
    }

    private Map<String, Object> dictionary() {
      position++;
      Map<String, Object> map = new LinkedHashMap<>();
      while (true) {
        skipSpace();
        if (peek('}')) {
          position++;
          return map;
        }
        if (!peek('\'') && !peek('"')) {
          throw error("a quoted key or '}'");
        }
        String key = string();
        skipSpace();
        expect(':');
        map.put(key, value());
        skipSpace();
        if (peek(',')) {
          position++;
        } else if (!peek('}')) {
          throw error("',' or '}'");
        }
      }
    }

    private List<Object> sequence(char close) {
      position++;
      List<Object> items = new ArrayList<>();
      while (true) {
        skipSpace();
        if (peek(close)) {
          position++;
          return items;
        }
        items.add(value());
        skipSpace();
        if (peek(',')) {
          position++;
        } else if (!peek(close)) {
          throw error("',' or '" + close + "'");
        }
      }
    }

    private String string() {
      char quote = text.charAt(position++);
      int end = text.indexOf(quote, position);
      if (end < 0) {
        throw error("a closing " + quote);
      }
      String value = text.substring(position, end);
      position = end + 1;
      return value;
    }

    private Long integer() {
      int start = position;
      if (peek('-')) {
        position++;
      }
      while (position < text.length() && Character.isDigit(text.charAt(position))) {
        position++;
      }
      if (peek('L')) {
        position++; // Python 2 wrote long integers as 15L
      }
      String digits = text.substring(start, position).replace("L", "");
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        position = start;
        throw error("an integer");
      }
    }

    private void expect(char c) {
      if (!peek(c)) {
        throw error("'" + c + "'");
      }
      position++;
    }

    private boolean peek(char c) {
      return position < text.length() && text.charAt(position) == c;
    }

    private void skipSpace() {
      while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
        position++;
      }
    }

    private DataException error(String expected) {
      return DataException.in(
          file,
          "malformed .npy header: expected " + expected + " at character " + (position + 1) + " of " + text.trim());
    }
  }
}
