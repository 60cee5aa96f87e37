package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.parse.ModelReader;
import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.LetDecl;
import io.gradgen.parse.ast.ModelFile;
import org.junit.jupiter.api.Test;

class OriginsTest {
  private static final ModelFile MODEL = ModelReader.parse(String.join("\n",
      "model M",
      "param w[2, 3]",
      "input x[3]",
      "output yhat = (w @ x) * 2 + sum(x * x * x * x * x * x * x * x * x * x * x * x * x * x * x)"),
      "m.model");

  private static LetDecl output() {
    return (LetDecl) MODEL.declarations().get(2);
  }

  @Test
  void anExpressionIsPlacedWhereItsTextStartsAndQuotedInSixtyCharacters() {
    Origins origins = new Origins();
    Binary sum = (Binary) output().value();
    Binary product = (Binary) sum.left();
    // Each binary operation is at its operator in the AST (4:23 for the product); its text starts
    // where its left operand's does, w after the parenthesis (which the AST does not keep, and
    // the canonical text does not need).
    assertEquals("4:16 w @ x * 2 + sum(x * x * x * x * x * x * x * x * x * x * x *…", origins.of(sum).toString());
    assertEquals("4:16 w @ x * 2", origins.of(product).toString());
    assertEquals("4:16 w @ x", origins.of(product.left()).toString());
    assertEquals("4:29 sum(x * x * x * x * x * x * x * x * x * x * x * x * x * x *…",
        origins.of(sum.right()).toString());
  }

  @Test
  void aDeclarationIsPlacedAtItsFirstTokenAndQuotedOnOneLine() {
    Origins origins = new Origins();
    assertEquals("2:1 param w[2, 3]", origins.of(MODEL.declarations().get(0)).toString());
    assertEquals("4:1 output yhat = w @ x * 2 + sum(x * x * x * x * x * x * x * x…",
        origins.of(output()).toString());
  }
}
