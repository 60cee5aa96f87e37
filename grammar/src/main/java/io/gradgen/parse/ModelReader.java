package io.gradgen.parse;

import io.gradgen.parse.antlr.ModelLexer;
import io.gradgen.parse.antlr.ModelParser;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.ModelFile;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Reads {@code .model} text into the AST. This is the whole public face of the parser: the lexer,
 * the generated parser, the error listener and the AST builder stay behind it.
 *
 * <pre>
 * ModelFile model = ModelReader.read(Path.of("crop.model"));
 * Expr optimizer = ModelReader.parseExpression("adam(lr = 0.01)", "--optimizer");
 *     // → Call("adam", [Argument("lr", NumberLit 0.01)]) at --optimizer:1:1
 * ModelReader.parse("model M\nloss (x", "m.model");
 *     // throws ModelException: m.model:2:6: error: '(' is never closed
 * </pre>
 *
 * <p>Every syntax error is a {@link ModelException} positioned at the offending text; the first one
 * stops the parse. An expression nested deeper than {@link NestingLimit} allows is refused before
 * the parser sees it, and the parse and the AST builder, which recurse once a level, run on a
 * {@link DeepStack}.
 */
public final class ModelReader {
  /** A parser message that was waiting for a closing bracket. */
  private static final Pattern WANTS_A_CLOSER = Pattern.compile("expected .*'[)\\]}]'");

  private ModelReader() {}

  /**
   * Reads and parses a UTF-8 model file. Positions name the file as {@code file.toString()} gives
   * it, so messages show the path the user typed.
   */
  public static ModelFile read(Path file) {
    if (Files.isDirectory(file)) {
      throw new ModelException(SourcePosition.wholeFile(file.toString()), "is a folder, not a file");
    }
    String source;
    try {
      source = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ModelException(SourcePosition.wholeFile(file.toString()), reason(e));
    }
    if (source.startsWith("\uFEFF")) {
      source = source.substring(1);
    }
    return parse(source, file.toString());
  }

  /** Parses the text of a whole model file; {@code fileName} is used in positions only. */
  public static ModelFile parse(String source, String fileName) {
    return DeepStack.call(() -> parseHere(source, fileName));
  }

  private static ModelFile parseHere(String source, String fileName) {
    ModelParser parser = parser(source, fileName, "end of file");
    ModelParser.ModelFileContext tree;
    try {
      tree = parser.modelFile();
    } catch (ModelException e) {
      throw bracketProblemFirst(e, source, fileName);
    }
    return AstBuilder.build(tree, fileName);
  }

  /**
   * Parses one expression alone, such as the value of {@code --schedule 'step(10, 0.5)'}; errors
   * are positioned at {@code origin:1:COL}.
   */
  public static Expr parseExpression(String text, String origin) {
    return DeepStack.call(() -> parseExpressionHere(text, origin));
  }

  private static Expr parseExpressionHere(String text, String origin) {
    ModelParser parser = parser(text, origin, "end of input");
    ModelParser.SingleExpressionContext tree;
    try {
      tree = parser.singleExpression();
    } catch (ModelException e) {
      throw bracketProblemFirst(e, text, origin);
    }
    return AstBuilder.build(tree, origin);
  }

  /**
   * Parses a schedule alone, such as the value of {@code --schedule 'warmup(5) then cosine(50)'}:
   * the words a {@code schedule} setting has ({@code then} as a name); errors at {@code
   * origin:1:COL}.
   */
  public static List<Expr> parseSchedule(String text, String origin) {
    return DeepStack.call(() -> {
      ModelParser parser = parser(text, origin, "end of input");
      ModelParser.SingleScheduleContext tree;
      try {
        tree = parser.singleSchedule();
      } catch (ModelException e) {
        throw bracketProblemFirst(e, text, origin);
      }
      return AstBuilder.build(tree, origin);
    });
  }

  /**
   * An unclosed or mismatched bracket at or before the parser's error, instead of that error, where
   * the parser was missing a closing bracket (it notices only where it runs out, often lines
   * later) or stumbled on one; an error of its own inside the brackets ({@code adam(lr = } with
   * nothing after) stays the parser's.
   */
  private static ModelException bracketProblemFirst(ModelException error, String source, String fileName) {
    return UnbalancedBrackets.find(source, fileName)
        .filter(bracket -> before(bracket.position(), error.position()))
        .filter(bracket -> !bracket.detail().endsWith("is never closed")
            || bracket.position().line() < error.position().line()
            || WANTS_A_CLOSER.matcher(error.detail()).find())
        .orElse(error);
  }


  private static boolean before(SourcePosition a, SourcePosition b) {
    return a.line() < b.line() || (a.line() == b.line() && a.column() <= b.column());
  }

  private static ModelParser parser(String source, String name, String end) {
    ThrowingErrorListener errors = new ThrowingErrorListener(name, end);
    ModelLexer lexer = new ModelLexer(CharStreams.fromString(source, name));
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors);
    CommonTokenStream tokens = new CommonTokenStream(new BracketNewlineFilter(lexer));
    tokens.fill();
    NestingLimit.check(tokens.getTokens(), name);
    ModelParser parser = new ModelParser(tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(errors);
    return parser;
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "file not found";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read it (permission denied)";
    }
    if (e instanceof CharacterCodingException) {
      return "it is not UTF-8 text";
    }
    return "cannot read it (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
  }
}
