package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MutatorTest {
  private static final String SEED = "model M\nparam a = 1\nloss (a - 2)^2\n";

  @Test
  void theSameSeedGivesTheSameMutant() {
    for (long seed = 0; seed < 100; seed++) {
      assertArrayEquals(new Mutator(seed).mutate(SEED, List.of()), new Mutator(seed).mutate(SEED, List.of()));
    }
  }

  @Test
  void mutantsDiffer() {
    Set<String> mutants = new HashSet<>();
    for (long seed = 0; seed < 200; seed++) {
      mutants.add(new String(new Mutator(seed).mutate(SEED, List.of()), StandardCharsets.ISO_8859_1));
    }
    assertTrue(mutants.size() > 150, mutants.size() + " distinct mutants of 200");
  }

  @Test
  void tokenMutationsKeepBytesThatAreNotUtf8() {
    byte[] binary = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) 0xff, (byte) 0xfe};
    byte[] mutant = new Mutator(3).mutateTokens(binary, List.of());
    int kept = 0;
    for (byte b : mutant) {
      kept += b == (byte) 0xff || b == (byte) 0x93 ? 1 : 0;
    }
    assertTrue(kept >= 1, "the non-UTF-8 bytes survive a token mutation");
  }

  @Test
  void tokensCoverTheText() {
    assertEquals(SEED, String.join("", Mutator.tokens(SEED)));
    assertEquals(List.of("loss", " ", "1.5e-3", "*", "\"a b\"", "\n"), Mutator.tokens("loss 1.5e-3*\"a b\"\n"));
  }
}
