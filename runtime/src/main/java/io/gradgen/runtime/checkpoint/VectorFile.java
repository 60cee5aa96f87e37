package io.gradgen.runtime.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gradgen.runtime.ModelLayout;
import java.nio.file.Path;

/**
 * A vector in the flat parameter layout, written as a JSON object of one value per param in its
 * declared shape (what {@code gradgen grad --json} prints as {@code "gradient"}): the direction
 * {@code v} of {@code gradgen hessian --vector FILE.json}.
 *
 * <pre>
 * w[2, 3], b[2], c   ←   {"w": [[1, 0, 0], [0, 0, 0]], "b": [0, 0], "c": 2}
 * </pre>
 *
 * Every param must be there, in its shape, as finite numbers, and nothing else (as a checkpoint's
 * {@code "params"}); a name given twice is an error too, where a lenient reader would keep the
 * last. Each problem is one {@link io.gradgen.runtime.data.DataException} line naming the file
 * and the param (and element) at fault.
 */
public final class VectorFile {
  private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private VectorFile() {}

  /** The vector in {@code file}, one value per parameter element of {@code layout}. */
  public static double[] read(Path file, ModelLayout layout) {
    JsonNode root = Checkpoint.parse(file, STRICT);
    return ParamCodec.decode(file, layout, root, "", true);
  }
}
