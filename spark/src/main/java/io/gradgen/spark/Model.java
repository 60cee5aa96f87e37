package io.gradgen.spark;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model as a task carries it: its kernel's class name and the hash of its Java source; the
 * source itself in a broadcast, fetched by an executor only to compile the kernel the first time.
 */
final class Model implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String className;
  private final String key;
  private final Broadcast<String> source;

  Model(String className, String javaSource, Broadcast<String> source) {
    this.className = className;
    this.key = hash(className + "\n" + javaSource);
    this.source = source;
  }

  String className() {
    return className;
  }

  String key() {
    return key;
  }

  String source() {
    return source.value();
  }

  static String hash(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
