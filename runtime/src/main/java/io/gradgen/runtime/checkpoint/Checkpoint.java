package io.gradgen.runtime.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.runtime.AtomicFile;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.data.DataException;
import io.gradgen.runtime.train.OptimizerState;
import io.gradgen.runtime.train.ScheduleState;
import io.gradgen.runtime.train.TrainingState;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code --save} file, read back by {@code --resume} (everything) and {@code --params} (only
 * the parameters):
 *
 * <pre>
 * {
 *   "model": "CropYield",
 *   "epoch": 50,
 *   "params": {"w": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], "b": [0.01, 0.02]},
 *   "optimizerState": {
 *     "kind": "adam",
 *     "step": 250,
 *     "buffers": {"exp_avg": {"w": [[…]], "b": […]}, "exp_avg_sq": {"w": [[…]], "b": […]}}
 *   },
 *   "steps": 250,
 *   "earlyStopping": {"bestValidationLoss": 0.31, "epochsWithoutImprovement": 0}
 * }
 * </pre>
 *
 * <p>Two parts are there only where the run has them. A plateau schedule's state ({@link
 * ScheduleState}): {@code "schedule": {"kind": "plateau", "lr": 0.001, "best": 0.42, "badEpochs": 3,
 * "cooldown": 0, "baseLr": 0.01}}. With {@code restore_best}, {@code "params"} is the best epoch's parameters (what
 * {@code --params} and {@code predict} take: the run's result), {@code "resumeParams"} the final ones
 * that {@code --resume} continues from, and {@code "earlyStopping"} has {@code "bestEpoch"}. A file
 * without them (from a run without either, or from before they existed) resumes with a fresh
 * plateau and no best epoch.
 *
 * Optimizer buffers ({@link OptimizerState}) are stored per param in the param's shape, like
 * {@code torch.optim}'s {@code state_dict}; an optimizer with scalars of its own (lbfgs: {@code t},
 * {@code H_diag}, {@code prev_loss}, {@code func_evals}, {@code ro.0} …) has them in {@code
 * "optimizerState.values": {"t": 1.0, …}}; {@code bestValidationLoss} is null before any
 * validation. Doubles are written in their shortest round-trip form, so a resumed run continues
 * from exactly the saved bits.
 *
 * <p>Writing is atomic: a temporary file in the same folder, then a move over the target, so an
 * interrupted save never leaves half a checkpoint. Reading checks the model name, every param's
 * presence and shape, and that every number is finite; each problem is one {@link DataException}
 * line naming the file.
 */
public final class Checkpoint {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The parser's "unexpected close marker" message: the closer, and the one the open bracket wanted. */
  private static final Pattern CLOSER = Pattern.compile(
      "^Unexpected close marker '(.)'(?:: expected '(.)' \\(for \\w+ starting at \\[(?:Source: [^;]*; )?line: (\\d+), column: (\\d+)\\]\\))?");
  /** The parser's "unexpected character" and "unrecognized token" messages, for the text they quote. */
  private static final Pattern UNEXPECTED = Pattern.compile("^(?:Unexpected character \\('(.+?)' \\(code|Unrecognized token '(.*?)')");

  /** A strict reader's message for a name given twice in one object. */
  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'");

  private Checkpoint() {}

  public static void write(Path file, ModelLayout layout, TrainingState state) throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("model", layout.modelName());
    root.put("epoch", state.epoch());
    if (state.bestParams() != null) {
      root.set("params", ParamCodec.encode(layout, state.bestParams()));
      root.set("resumeParams", ParamCodec.encode(layout, state.params()));
    } else {
      root.set("params", ParamCodec.encode(layout, state.params()));
    }
    ObjectNode optimizer = root.putObject("optimizerState");
    optimizer.put("kind", state.optimizer().kind());
    optimizer.put("step", state.optimizer().step());
    ObjectNode buffers = optimizer.putObject("buffers");
    state.optimizer().buffers().forEach((name, values) -> buffers.set(name, ParamCodec.encode(layout, values)));
    if (!state.optimizer().values().isEmpty()) {
      // lbfgs' scalars (its step size, loss and counters): only where there are any, so a
      // first-order optimizer's file is as it always was.
      ObjectNode values = optimizer.putObject("values");
      state.optimizer().values().forEach(values::put);
    }
    root.put("steps", state.steps());
    ObjectNode stopping = root.putObject("earlyStopping");
    stopping.put("bestValidationLoss", state.bestValidationLoss());
    stopping.put("epochsWithoutImprovement", state.epochsWithoutImprovement());
    if (state.bestEpoch() != null) {
      stopping.put("bestEpoch", state.bestEpoch());
    }
    if (state.schedule() != null) {
      ObjectNode schedule = root.putObject("schedule");
      schedule.put("kind", "plateau");
      schedule.put("lr", state.schedule().lr());
      schedule.put("best", state.schedule().best());
      schedule.put("badEpochs", state.schedule().badEpochs());
      schedule.put("cooldown", state.schedule().cooldown());
      schedule.put("baseLr", state.schedule().baseLr());
    }
    AtomicFile.write(file, JSON.writer(printer()).writeValueAsString(root) + "\n");
  }

  /** What is wrong with the JSON, in gradgen's words rather than the parser's. */
  static String jsonProblem(JsonProcessingException e) {
    String original = String.valueOf(e.getOriginalMessage());
    if (e instanceof StreamConstraintsException) {
      return original.startsWith("Number") ? "a number in it has too many digits"
          : original.contains("nesting") ? "it nests too deeply" : "a value in it is too long";
    }
    if (e instanceof JsonEOFException) {
      return "it ends in the middle of a value";
    }
    if (original.contains("Invalid UTF-8")) {
      return "it is not UTF-8 text";
    }
    if (original.startsWith("Non-standard token")) {
      Matcher token = Pattern.compile("'(.*?)'").matcher(original);
      return "unexpected '" + (token.find() ? token.group(1) : "NaN") + "' (JSON has no NaN or Infinity)";
    }
    if (original.startsWith("Illegal unquoted character")) {
      return "a string is not closed on its line";
    }
    Matcher unexpected = UNEXPECTED.matcher(original);
    if (unexpected.find()) {
      String what = unexpected.group(1) != null ? unexpected.group(1) : unexpected.group(2);
      return "unexpected '" + what + "'" + expectation(original);
    }
    Matcher closer = CLOSER.matcher(original);
    if (closer.find()) {
      return closer.group(2) == null ? "'" + closer.group(1) + "' closes nothing"
          : "'" + closer.group(1) + "' does not close the '" + (closer.group(2).equals("]") ? "[" : "{") + "' at "
              + closer.group(3) + ":" + closer.group(4);
    }
    if (original.startsWith("Unexpected end-of-input")) {
      return "it ends in the middle of a value";
    }
    return "it cannot be parsed";
  }

  /** What the parser was looking for where it found something else, if it said. */
  private static String expectation(String original) {
    if (original.contains("was expecting comma")) {
      return "; expected ',' between entries";
    }
    if (original.contains("was expecting a colon")) {
      return "; expected ':' after a field's name";
    }
    if (original.contains("was expecting double-quote")) {
      return "; a field's name is in double quotes";
    }
    return "";
  }

  /**
   * The column where the error starts. The parser reports an unrecognized token after reading past it and the
   * character that ended it; a user looks for the token's first character.
   */
  private static int tokenStart(Path file, int line, JsonProcessingException e) {
    int column = e.getLocation().getColumnNr();
    Matcher unexpected = UNEXPECTED.matcher(String.valueOf(e.getOriginalMessage()));
    if (!unexpected.find() || unexpected.group(2) == null || unexpected.group(2).isEmpty()) {
      return column;
    }
    try (Stream<String> lines = Files.lines(file)) {
      String text = lines.skip(line - 1L).findFirst().orElse("");
      int start = text.lastIndexOf(unexpected.group(2), Math.max(0, column - 2));
      return start < 0 ? column : start + 1;
    } catch (IOException | UncheckedIOException unreadable) {
      return column;
    }
  }

  /** The column of the quote that opens the name given twice: the parser reports the place after it. */
  private static int nameStart(Path file, int line, int column, String name) {
    try (Stream<String> lines = Files.lines(file)) {
      String text = lines.skip(line - 1L).findFirst().orElse("");
      int start = text.lastIndexOf("\"" + name + "\"", Math.max(0, column - 1));
      return start < 0 ? column : start + 1;
    } catch (IOException | UncheckedIOException unreadable) {
      return column;
    }
  }

  /** Everything {@code --resume} needs. */
  public static TrainingState read(Path file, ModelLayout layout) {
    JsonNode root = root(file, layout);
    double[] params = ParamCodec.decode(file, layout, root.get("params"), "params", true);
    double[] bestParams = null;
    if (root.has("resumeParams")) {
      bestParams = params;
      params = ParamCodec.decode(file, layout, root.get("resumeParams"), "resumeParams", true);
    }
    JsonNode optimizer = require(file, root, "optimizerState", "optimizerState");
    if (!optimizer.isObject()) {
      throw DataException.in(file, "\"optimizerState\" must be an object");
    }
    String kind = text(file, require(file, optimizer, "kind", "optimizerState.kind"), "optimizerState.kind");
    long step = count(file, require(file, optimizer, "step", "optimizerState.step"), "optimizerState.step");
    JsonNode bufferNodes = require(file, optimizer, "buffers", "optimizerState.buffers");
    if (!bufferNodes.isObject()) {
      throw DataException.in(file, "\"optimizerState.buffers\" must be an object");
    }
    Map<String, double[]> buffers = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = bufferNodes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> buffer = it.next();
      String what = "optimizerState.buffers." + buffer.getKey();
      buffers.put(buffer.getKey(), ParamCodec.decode(file, layout, buffer.getValue(), what, false));
    }
    Map<String, Double> values = new LinkedHashMap<>();
    JsonNode valueNodes = optimizer.get("values");
    if (valueNodes != null) {
      if (!valueNodes.isObject()) {
        throw DataException.in(file, "\"optimizerState.values\" must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = valueNodes.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> value = it.next();
        values.put(value.getKey(), Numbers.read(file, "optimizerState.values." + value.getKey(), value.getValue(), false));
      }
    }
    JsonNode stopping = require(file, root, "earlyStopping", "earlyStopping");
    JsonNode best = require(file, stopping, "bestValidationLoss", "earlyStopping.bestValidationLoss");
    int epoch = (int) Math.min(Integer.MAX_VALUE, count(file, require(file, root, "epoch", "epoch"), "epoch"));
    Integer bestEpoch = null;
    if (stopping.has("bestEpoch") || bestParams != null) {
      if (!stopping.has("bestEpoch") || bestParams == null) {
        throw DataException.in(file, "\"resumeParams\" and \"earlyStopping.bestEpoch\" go together: one is missing");
      }
      long saved = count(file, stopping.get("bestEpoch"), "earlyStopping.bestEpoch");
      if (saved < 1 || saved > epoch) {
        throw DataException.in(file, "\"earlyStopping.bestEpoch\" must be one of the " + epoch
            + " epochs done, not " + saved);
      }
      bestEpoch = (int) saved;
    }
    return new TrainingState(
        epoch,
        count(file, require(file, root, "steps", "steps"), "steps"),
        params,
        new OptimizerState(kind, step, buffers, values),
        best.isNull() ? null : Numbers.read(file, "earlyStopping.bestValidationLoss", best, false),
        (int) count(file, require(file, stopping, "epochsWithoutImprovement", "earlyStopping.epochsWithoutImprovement"),
            "earlyStopping.epochsWithoutImprovement"),
        root.has("schedule") ? schedule(file, root.get("schedule")) : null,
        bestEpoch,
        bestParams);
  }

  /** A plateau schedule's saved state. */
  private static ScheduleState schedule(Path file, JsonNode schedule) {
    if (!schedule.isObject()) {
      throw DataException.in(file, "\"schedule\" must be an object");
    }
    String kind = text(file, require(file, schedule, "kind", "schedule.kind"), "schedule.kind");
    if (!kind.equals("plateau")) {
      throw DataException.in(file, "\"schedule.kind\" must be \"plateau\", the one schedule with a state, not \""
          + kind + "\"");
    }
    double lr = Numbers.read(file, "schedule.lr", require(file, schedule, "lr", "schedule.lr"), true);
    if (!(lr >= 0)) {
      throw DataException.in(file, "\"schedule.lr\" must not be negative, not " + lr);
    }
    JsonNode best = require(file, schedule, "best", "schedule.best");
    return new ScheduleState(lr, best.isNull() ? null : Numbers.read(file, "schedule.best", best, false),
        (int) Math.min(Integer.MAX_VALUE, count(file, require(file, schedule, "badEpochs", "schedule.badEpochs"),
            "schedule.badEpochs")),
        (int) Math.min(Integer.MAX_VALUE, count(file, require(file, schedule, "cooldown", "schedule.cooldown"),
            "schedule.cooldown")),
        Numbers.read(file, "schedule.baseLr", require(file, schedule, "baseLr", "schedule.baseLr"), true));
  }

  /** Only the parameters, for {@code --params}: the rest of the file may be absent. */
  public static double[] readParams(Path file, ModelLayout layout) {
    return ParamCodec.decode(file, layout, root(file, layout).get("params"), "params", true);
  }

  /** The parsed file, checked to be an object for this model with a {@code params} field. */
  private static JsonNode root(Path file, ModelLayout layout) {
    JsonNode root = parse(file, JSON);
    if (!root.isObject()) {
      throw DataException.in(file, "expected a JSON object with \"model\" and \"params\"");
    }
    String model = text(file, require(file, root, "model", "model"), "model");
    if (!model.equals(layout.modelName())) {
      throw DataException.in(
          file, "saved from model " + model + ", not " + layout.modelName());
    }
    require(file, root, "params", "params");
    return root;
  }

  /**
   * The JSON in {@code file}, read by {@code reader}; a missing, unreadable, empty or malformed
   * file is one {@link DataException} line, at the place in the text where there is one.
   */
  static JsonNode parse(Path file, ObjectMapper reader) {
    if (!Files.isRegularFile(file)) {
      throw DataException.in(file, Files.isDirectory(file) ? "is a folder, not a file" : "file not found");
    }
    JsonNode root;
    try {
      root = reader.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      // Only a reader with STRICT_DUPLICATE_DETECTION says this: valid JSON, but one value a name.
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      String message = duplicate.find() ? "\"" + duplicate.group(1) + "\" is given twice"
          : "not valid JSON: " + jsonProblem(e);
      if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
        int line = e.getLocation().getLineNr();
        int column = duplicate.find(0) ? nameStart(file, line, e.getLocation().getColumnNr(), duplicate.group(1))
            : tokenStart(file, line, e);
        throw DataException.at(file, line, column, message);
      }
      throw DataException.in(file, message);
    } catch (CharConversionException e) {
      throw DataException.in(file, "not valid JSON: it is not UTF-8 text");
    } catch (IOException e) {
      throw DataException.in(file, "cannot read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw DataException.in(file, "the file is empty");
    }
    return root;
  }

  private static JsonNode require(Path file, JsonNode object, String field, String what) {
    JsonNode node = object.get(field);
    if (node == null) {
      throw DataException.in(file, "missing \"" + what + "\"");
    }
    return node;
  }

  private static String text(Path file, JsonNode node, String what) {
    if (!node.isTextual()) {
      throw DataException.in(file, "\"" + what + "\" must be a string, not " + Numbers.describe(node));
    }
    return node.textValue();
  }

  private static long count(Path file, JsonNode node, String what) {
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
      throw DataException.in(
          file, "\"" + what + "\" must be a whole number of at least 0, not " + Numbers.describe(node));
    }
    return node.longValue();
  }

  /** Objects indented one field a line, arrays kept on one line: readable, and not one number a line. */
  private static DefaultPrettyPrinter printer() {
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withArrayValueSpacing(Separators.Spacing.AFTER);
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
    printer.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
    printer.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    return printer;
  }
}
