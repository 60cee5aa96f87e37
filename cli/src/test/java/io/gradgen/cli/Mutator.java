package io.gradgen.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of a file's bytes or of its tokens, for {@link FuzzTest}: the same seed gives
 * the same mutant on every machine, so a build's fuzzing is reproducible and any mutant it finds
 * can be rebuilt from its seed alone.
 *
 * <pre>
 * byte[] mutant = new Mutator(42).mutate(seedText, otherSeeds);
 * </pre>
 *
 * <p>Byte mutations (a flipped bit, a byte replaced by one from {@link #BYTES}, a span deleted or
 * doubled, random bytes inserted) reach the lexer and the UTF-8 decoder; token mutations (a token
 * deleted, doubled, swapped with its neighbour, replaced by or preceded by a word of the language
 * or a token of another seed) reach the parser, the checker and everything after it, since most of
 * them keep the text lexically sound.
 */
final class Mutator {
  /** Tokens as the mutator sees them: a name, a number, a string, a run of blanks, one character. */
  private static final Pattern TOKEN = Pattern.compile(
      "[A-Za-z_][A-Za-z_0-9]*|[0-9]+(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\"[^\"\\n]*\"|[ \\t]+|\\r?\\n|.",
      Pattern.DOTALL);

  /** Words of the model language and of its data and checkpoint files, and edge-case values. */
  static final List<String> WORDS = List.of(
      "model", "param", "const", "input", "target", "data", "output", "loss", "train", "optimizer",
      "batch", "full", "epochs", "shuffle", "seed", "split", "schedule", "clip", "stop", "patience",
      "reduction", "precision", "mean", "sum", "f32", "f64", "sgd", "adam", "adamw", "momentum",
      "rmsprop", "lr", "step", "cosine", "exp", "log", "sqrt", "abs", "sin", "cos", "tanh", "sigmoid",
      "relu", "softplus", "max", "min", "norm", "norm1", "dot", "mse", "mae", "huber", "bce",
      "bce_logits", "softmax_ce", "randn", "uniform", "zeros", "std", "delta", "x", "y", "w", "a", "b",
      "0", "1", "2", "3", "-1", "0.5", "1e400", "1e-320", "1e308", "999999999999", "1000000",
      "NaN", "Infinity", "-Infinity", "null", "true", "false", "\"\"", "\"x.csv\"", "\"\\q\"",
      "clamp", "leaky_relu", "gelu", "erf", "asin", "sign", "smooth_l1", "nll", "kl_div", "label_smoothing",
      "(", ")", "[", "]", "{", "}", "+", "-", "*", "/", "@", "^", "'", ",", "=", "<-", ";", ":", "\n",
      "<", "<=", "==", "!=", ">", ">=",
      "/*", "*/", "//", "\t", "\u00e9", "\u2212", "\u0000", "\u001b[31m");

  /** Bytes worth putting anywhere: brackets, operators, a NUL, an escape, a stray UTF-8 lead byte. */
  private static final byte[] BYTES = {
      '(', ')', '[', ']', '{', '}', '^', '-', '\'', '"', ',', '\n', '\r', '0', '9', '.', 'e', ' ',
      0, 0x1b, (byte) 0xc3, (byte) 0xff, (byte) 0x80, 0x7f};

  private final SplittableRandom random;

  Mutator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One to three mutations of {@code seed}, at byte or token level; {@code others} lend tokens. */
  byte[] mutate(String seed, List<String> others) {
    byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
    int rounds = 1 + random.nextInt(3);
    for (int round = 0; round < rounds; round++) {
      bytes = random.nextInt(3) == 0 ? mutateBytes(bytes) : mutateTokens(bytes, others);
    }
    return bytes;
  }

  /** One byte mutation. */
  byte[] mutateBytes(byte[] bytes) {
    if (bytes.length == 0) {
      return new byte[] {BYTES[random.nextInt(BYTES.length)]};
    }
    int at = random.nextInt(bytes.length);
    int span = Math.min(bytes.length - at, 1 + random.nextInt(8));
    switch (random.nextInt(5)) {
      case 0 -> {
        byte[] copy = bytes.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
      }
      case 1 -> {
        byte[] copy = bytes.clone();
        copy[at] = BYTES[random.nextInt(BYTES.length)];
        return copy;
      }
      case 2 -> {
        return splice(bytes, at, span, new byte[0]);
      }
      case 3 -> {
        return splice(bytes, at, 0, Arrays.copyOfRange(bytes, at, at + span));
      }
      default -> {
        byte[] inserted = new byte[1 + random.nextInt(4)];
        for (int i = 0; i < inserted.length; i++) {
          inserted[i] = random.nextInt(2) == 0 ? BYTES[random.nextInt(BYTES.length)] : (byte) random.nextInt(256);
        }
        return splice(bytes, at, 0, inserted);
      }
    }
  }

  /**
   * One token mutation. The bytes are read as Latin-1, one character a byte, so that what is not
   * UTF-8 (a {@code .npy} file's data, a byte mutation's stray byte) comes back as it was.
   */
  byte[] mutateTokens(byte[] bytes, List<String> others) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    List<String> tokens = tokens(text);
    if (tokens.isEmpty()) {
      return WORDS.get(random.nextInt(WORDS.size())).getBytes(StandardCharsets.UTF_8);
    }
    int at = random.nextInt(tokens.size());
    switch (random.nextInt(6)) {
      case 0 -> tokens.remove(at);
      case 1 -> tokens.add(at, tokens.get(at));
      case 2 -> {
        if (at + 1 < tokens.size()) {
          tokens.add(at, tokens.remove(at + 1));
        }
      }
      case 3 -> tokens.set(at, word(others));
      case 4 -> tokens.add(at, word(others));
      default -> {
        // A long run of one token: deep or long expressions, huge shapes.
        String token = random.nextInt(2) == 0 ? tokens.get(at) : word(others);
        tokens.add(at, token.repeat(2 + random.nextInt(40)));
      }
    }
    return String.join("", tokens).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A word or another seed's token, as the Latin-1 characters of its UTF-8 bytes. */
  private String word(List<String> others) {
    String word = WORDS.get(random.nextInt(WORDS.size()));
    if (!others.isEmpty() && random.nextInt(3) == 0) {
      List<String> lent = tokens(others.get(random.nextInt(others.size())));
      if (!lent.isEmpty()) {
        word = lent.get(random.nextInt(lent.size()));
      }
    }
    return new String(word.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(text);
    while (matcher.find()) {
      tokens.add(matcher.group());
    }
    return tokens;
  }

  private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
    byte[] result = new byte[bytes.length - removed + inserted.length];
    System.arraycopy(bytes, 0, result, 0, at);
    System.arraycopy(inserted, 0, result, at, inserted.length);
    System.arraycopy(bytes, at + removed, result, at + inserted.length, bytes.length - at - removed);
    return result;
  }
}
