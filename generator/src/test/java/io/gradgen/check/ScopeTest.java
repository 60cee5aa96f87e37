package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.ir.Shape;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.SourcePosition;
import org.junit.jupiter.api.Test;

class ScopeTest {
  private static SourcePosition at(int line, int column) {
    return new SourcePosition("m.model", line, column);
  }

  private static Scope.Symbol symbol(String name, int line) {
    return new Scope.Symbol(name, Scope.Kind.PARAM, Shape.SCALAR, line, at(line, 1));
  }

  @Test
  void aDeclaredNameResolvesToItsSymbol() {
    Scope scope = new Scope();
    scope.declare(symbol("weight", 2));
    assertEquals(symbol("weight", 2), scope.resolve("weight", at(9, 9)));
  }

  @Test
  void aNameIsDeclaredOnce() {
    Scope scope = new Scope();
    scope.declare(symbol("w", 2));
    assertEquals("m.model:5:1: error: 'w' is already declared at 2:1",
        assertThrows(ModelException.class, () -> scope.declare(symbol("w", 5))).format());
  }

  @Test
  void aNameUsedBeforeItsDeclarationSaysWhereItIs() {
    Scope scope = new Scope();
    scope.expect("later", at(7, 3));
    scope.expect("later", at(8, 1));
    assertEquals("m.model:4:6: error: 'later' is used before its declaration at 7:3",
        assertThrows(ModelException.class, () -> scope.resolve("later", at(4, 6))).format());
  }

  @Test
  void anUnknownNameSuggestsTheClosestDeclaredOneIfAnyIsClose() {
    Scope scope = new Scope();
    scope.declare(symbol("weight", 2));
    scope.declare(symbol("bias", 3));
    scope.expect("hidden", at(9, 1));
    assertEquals("m.model:4:6: error: unknown name 'wieght'; did you mean 'weight'?",
        assertThrows(ModelException.class, () -> scope.resolve("wieght", at(4, 6))).format());
    // Only names declared so far are suggested, not those further down.
    assertEquals("m.model:4:6: error: unknown name 'hiden'",
        assertThrows(ModelException.class, () -> scope.resolve("hiden", at(4, 6))).format());
    assertEquals("m.model:4:6: error: unknown name 'zzz'",
        assertThrows(ModelException.class, () -> scope.resolve("zzz", at(4, 6))).format());
  }
}
