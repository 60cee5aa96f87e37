package io.gradgen.parse;

import io.gradgen.parse.ast.Declaration;
import io.gradgen.parse.ast.ModelFile;

/** PLACEHOLDER (being written): the AST printed back as model text, for {@code --dump-after parse}. */
public final class ModelPrinter {
  private ModelPrinter() {}

  public static String print(ModelFile file) {
    StringBuilder text = new StringBuilder("model ").append(file.name()).append('\n');
    for (Declaration declaration : file.declarations()) {
      text.append(declaration).append('\n');
    }
    return text.toString();
  }
}
