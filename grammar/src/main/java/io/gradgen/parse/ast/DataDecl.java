package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/**
 * {@code input x[3] <- Temperature, Rainfall, "Humidity (%)"} or {@code target y}: one sample's
 * features or labels. {@code columns} is empty when the declaration has no {@code <-} binding.
 */
public record DataDecl(
    SourcePosition position, Kind kind, String name, List<Integer> shape, List<ColumnRef> columns)
    implements Declaration {

  public enum Kind {
    INPUT,
    TARGET
  }

  public DataDecl {
    shape = List.copyOf(shape);
    columns = List.copyOf(columns);
  }
}
