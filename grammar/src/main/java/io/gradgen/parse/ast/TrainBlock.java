package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/** {@code train { optimizer sgd(lr = 0.1)  epochs 100 }}: settings in source order. */
public record TrainBlock(SourcePosition position, List<Setting> settings) implements Declaration {
  public TrainBlock {
    settings = List.copyOf(settings);
  }
}
