package io.gradgen.emit.ptx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gradgen.runtime.Precision;
import java.util.List;
import java.util.Locale;

/**
 * A model's kernels as one PTX module, and what a host needs to launch them: each entry's name,
 * parameters in order, block size ({@code .reqntid}: launches must use exactly that many threads),
 * shared memory, per-thread frame and, for the row kernels, the rows a tile holds (0: rows are read
 * straight from global memory); and the model's row width, parameter count and output size. {@link
 * #json()} is the {@code <Model>.ptx.json} that {@code gradgen generate --target ptx} writes beside
 * the {@code .ptx}.
 *
 * <pre>
 * PtxModule module = PtxEmitter.emit(graph, layout);
 * module.kernel("loss_grad").threads();   // 256
 * module.text();                          // .version 7.0 …
 * </pre>
 */
public record PtxModule(
    String modelName,
    Precision precision,
    String text,
    List<Kernel> kernels,
    int rowWidth,
    int parameterCount,
    int outputSize,
    boolean hasInputs) {

  public PtxModule {
    kernels = List.copyOf(kernels);
  }

  /** One entry: its launch shape and its parameters in order. */
  public record Kernel(String name, int threads, int tileRows, int sharedBytes, int frameBytes, List<Param> params) {
    public Kernel {
      params = List.copyOf(params);
    }

    /** The position of the parameter with role {@code role} ({@code params}, {@code lr} …). */
    public int param(String role) {
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i).role().equals(role)) {
          return i;
        }
      }
      throw new IllegalArgumentException("kernel " + name + " has no parameter " + role);
    }
  }

  /** A kernel parameter: its role, the symbol the PTX names it by, its PTX type ({@code u64}: a device pointer). */
  public record Param(String role, String symbol, String type) {}

  /** The names of the row kernels and of the small ones. */
  public static final String LOSS_GRAD = "loss_grad";
  public static final String LOSS = "loss";
  public static final String PREDICT = "predict";
  public static final String REDUCE = "reduce";
  public static final String ARRANGE = "arrange";

  public boolean has(String name) {
    return kernels.stream().anyMatch(kernel -> kernel.name().equals(name));
  }

  public Kernel kernel(String name) {
    return kernels.stream().filter(kernel -> kernel.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("model " + modelName + "'s module has no kernel " + name));
  }

  /** The name of the update kernel of optimizer {@code kind}: {@code update_adam}. */
  public static String update(io.gradgen.runtime.train.OptimizerSpec.Kind kind) {
    return UpdateWriter.entryName(kind);
  }

  /** The launch metadata as JSON, one field a line. */
  public String json() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("model", modelName);
    root.put("precision", precision.name().toLowerCase(Locale.ROOT));
    root.put("ptxVersion", ModuleText.VERSION);
    root.put("target", ModuleText.TARGET);
    root.put("rowWidth", rowWidth);
    root.put("parameterCount", parameterCount);
    root.put("outputSize", outputSize);
    root.put("hasInputs", hasInputs);
    ArrayNode entries = root.putArray("kernels");
    for (Kernel kernel : kernels) {
      ObjectNode entry = entries.addObject();
      entry.put("name", kernel.name());
      entry.put("threads", kernel.threads());
      entry.put("tileRows", kernel.tileRows());
      entry.put("sharedBytes", kernel.sharedBytes());
      entry.put("frameBytes", kernel.frameBytes());
      ArrayNode params = entry.putArray("params");
      for (Param param : kernel.params()) {
        params.addObject().put("role", param.role()).put("symbol", param.symbol()).put("type", param.type());
      }
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
