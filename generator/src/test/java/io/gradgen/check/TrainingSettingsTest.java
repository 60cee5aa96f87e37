package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelReader;
import io.gradgen.parse.ast.TrainBlock;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.ScheduleSpec;
import io.gradgen.runtime.train.TrainingConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingSettingsTest {
  private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();

  /** A {@code train} block of {@code settings}, read. */
  private static TrainingConfig block(String settings) {
    TrainBlock train = (TrainBlock) ModelReader.parse("model M\ntrain { " + settings + " }", "m.model")
        .declarations().get(0);
    return TrainingSettings.read(train);
  }

  private static String blockError(String settings) {
    return assertThrows(ModelException.class, () -> block(settings)).format();
  }

  /** Command-line options as typed: {@code "--lr", "0.1", "--no-split"}. */
  private static TrainingSettings.Options options(String... words) {
    Map<String, String> given = new HashMap<>();
    List<String> flags = new ArrayList<>();
    for (int i = 0; i < words.length; i++) {
      if (words[i].startsWith("--no-") || words[i].equals("--shuffle")) {
        flags.add(words[i]);
      } else {
        given.put(words[i], words[++i]);
      }
    }
    return new TrainingSettings.Options(
        given.get("--optimizer"),
        given.containsKey("--lr") ? Double.valueOf(given.get("--lr")) : null,
        given.get("--batch"),
        given.containsKey("--epochs") ? Integer.valueOf(given.get("--epochs")) : null,
        flags.contains("--shuffle") ? Boolean.TRUE : flags.contains("--no-shuffle") ? Boolean.FALSE : null,
        given.containsKey("--seed") ? Long.parseLong(given.get("--seed")) : 0,
        given.get("--split"),
        flags.contains("--no-split"),
        given.get("--schedule"),
        given.containsKey("--clip") ? Double.valueOf(given.get("--clip")) : null,
        flags.contains("--no-clip"),
        given.containsKey("--patience") ? Integer.valueOf(given.get("--patience")) : null,
        flags.contains("--no-stop"),
        given.get("--reduction"),
        given.get("--precision"));
  }

  private static TrainingConfig override(TrainingConfig model, String... words) {
    return TrainingSettings.override(model, options(words));
  }

  private static String optionError(TrainingConfig model, String... words) {
    return assertThrows(OptionException.class, () -> override(model, words)).getMessage();
  }

  // The train block.

  @Test
  void eachSettingOfABlockReplacesItsDefault() {
    assertEquals(DEFAULTS.withOptimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.01)),
        block("optimizer adam(lr = 0.01)"));
    assertEquals(DEFAULTS.withBatchSize(32), block("batch 32"));
    assertEquals(DEFAULTS.withBatchSize(0), block("batch full"));
    assertEquals(DEFAULTS.withEpochs(7), block("epochs 7"));
    assertEquals(DEFAULTS.withShuffle(true, 0), block("shuffle"));
    assertEquals(DEFAULTS.withShuffle(true, 7), block("shuffle seed 7"));
    assertEquals(DEFAULTS.withSplit(0.8), block("split 0.8"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.step(10, 0.5)), block("schedule step(10, 0.5)"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.cosine(50)), block("schedule cosine(period = 50)"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.sgdr(5, 1)), block("schedule sgdr(5)"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.sgdr(5, 2)), block("schedule sgdr(5, mult = 2)"));
    assertEquals(DEFAULTS, block("schedule constant"));
    assertEquals(DEFAULTS.withClip(1.5), block("clip 1.5"));
    assertEquals(DEFAULTS.withSplit(0.5).withPatience(3), block("split 0.5  stop patience 3"));
    assertEquals(DEFAULTS.withReduction(TrainingConfig.Reduction.SUM), block("reduction sum"));
    assertEquals(DEFAULTS.withPrecision(Precision.F32), block("precision f32"));
  }

  @Test
  void optimizerArgumentsComeByNameOrInTheirOrderWithPyTorchsDefaults() {
    assertEquals(new OptimizerSpec(OptimizerSpec.Kind.MOMENTUM, 0.1, 0.5, true, 0.9, 0.999, 1e-8, 0.01, 0.99),
        block("optimizer momentum(0.1, 0.5, nesterov = true)").optimizer());
    assertEquals(new OptimizerSpec(OptimizerSpec.Kind.ADAMW, 0.1, 0.9, false, 0.8, 0.99, 1e-6, 0.1, 0.99),
        block("optimizer adamw(lr = 0.1, beta1 = 0.8, beta2 = 0.99, eps = 1e-6, decay = 0.1)").optimizer());
    assertEquals(new OptimizerSpec(OptimizerSpec.Kind.RMSPROP, 0.1, 0.9, false, 0.9, 0.999, 1e-8, 0.01, 0.5),
        block("optimizer rmsprop(0.1, 0.5)").optimizer());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "optimizer adm(lr = 1)        | 2:19 unknown optimizer 'adm'; did you mean 'adam'?",
        "optimizer sgd()              | 2:19 sgd needs a learning rate: sgd(lr = 0.01)",
        "optimizer sgd(lr = -1)       | 2:28 lr must be positive, not -1.0",
        "optimizer sgd(0.1, 0, 0, false, 0, false, 1) | 2:19 sgd takes at most 6 arguments (lr, momentum, dampening, nesterov, weight_decay, maximize)",
        "optimizer sgd(lr = 1, lr = 2) | 2:31 argument 'lr' is given twice",
        "optimizer sgd(lrr = 1)       | 2:23 sgd has no argument 'lrr'; did you mean 'lr'?",
        "optimizer sgd(rate = 1)      | 2:23 sgd has no argument 'rate'",
        "optimizer momentum(0.1, 1)   | 2:33 beta must be in [0, 1), not 1.0",
        "optimizer momentum(0.1, nesterov = yes) | 2:44 nesterov must be true or false",
        "optimizer adam(0.1, eps = 0) | 2:35 eps must be positive, not 0.0",
        "optimizer adamw(0.1, decay = -1) | 2:38 decay must not be negative, not -1.0",
        "optimizer adam(lr = x)       | 2:29 lr must be a number, not 'x'",
        "batch 0                      | 2:15 batch must be a positive integer, not '0'",
        "batch 99999999999            | 2:15 batch must be a positive integer, not '99999999999'",
        "epochs 0                     | 2:16 epochs must be a positive integer, not '0'",
        "shuffle seed 99999999999     | 2:22 the shuffle seed must be a non-negative integer, not '99999999999'",
        "split 1                      | 2:15 split must be a fraction between 0 and 1, not 1.0",
        "split 0                      | 2:15 split must be a fraction between 0 and 1, not 0.0",
        "schedule warm                | 2:18 unknown schedule 'warm'; did you mean 'warmup'?",
        "schedule step(10)            | 2:18 step needs 'gamma'",
        "schedule cosine              | 2:18 cosine needs 'period'",
        "schedule step(0, 0.5)        | 2:23 every must be a positive integer, not '0'",
        "schedule step(1, 0.5, 2)     | 2:18 step takes at most 2 arguments (every, gamma)",
        "clip 0                       | 2:14 clip must be a positive number, not 0.0",
        "stop patience 0              | 2:23 patience must be a positive integer, not '0'",
        "reduction avg                | 2:19 reduction must be mean or sum, not 'avg'",
        "precision f16                | 2:19 precision must be f64 or f32, not 'f16'",
        "epochs 5  epochs 7           | 2:19 'epochs' is set twice in the train block; the first is at 2:9",
        "stop patience 3              | 2:1 'stop patience' watches the validation loss: it needs 'split'",
      })
  void aBadValueInABlockIsAnErrorAtIt(String settings, String message) {
    assertEquals("m.model:" + message.replaceFirst(" ", ": error: "), blockError(settings));
  }

  // Issue #20: early stopping's options (the schedules: ScheduleSettingsTest).

  @Test
  void stopTakesMinDeltaAndRestoreBest() {
    TrainingConfig plain = block("split 0.8  stop patience 3");
    assertEquals(0, plain.minDelta());
    assertEquals(false, plain.restoreBest());
    assertEquals(plain.withStopOptions(0.01, true), block("split 0.8  stop patience 3, min_delta = 0.01, restore_best"));
    assertEquals(plain.withStopOptions(0, true), block("split 0.8  stop patience 3, restore_best"));
    TrainingConfig model = block("split 0.8  stop patience 3, min_delta = 0.5, restore_best");
    assertEquals(model.withPatience(7), override(model, "--patience", "7"), "--patience keeps the options");
    assertEquals(model.withPatience(null).withStopOptions(0, false), override(model, "--no-stop"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "split 0.5 stop patience 2, min_delta = -1 | 2:48 min_delta must not be negative, not -1.0",
        "split 0.5 stop patience 2, min_delta | 2:36 min_delta needs a value, as min_delta = 0.001",
        "split 0.5 stop patience 2, restore_best = 1 | 2:36 restore_best takes no value: write restore_best alone",
        "split 0.5 stop patience 2, restore | 2:36 stop has no option 'restore'; it takes min_delta = X and restore_best",
        "split 0.5 stop patience 2, 5     | 2:36 stop has no option '5'; it takes min_delta = X and restore_best",
        "split 0.5 stop patience 2, restore_best, restore_best | 2:50 'restore_best' is given twice",
      })
  void aBadStopOptionIsAnErrorAtIt(String settings, String message) {
    assertEquals("m.model:" + message.replaceFirst(" ", ": error: "), blockError(settings));
  }

  // The command line.

  @Test
  void noOptionsLeaveTheModelsSettings() {
    TrainingConfig model = block("optimizer adam(lr = 0.01)  batch 8  epochs 3  shuffle seed 7  split 0.8"
        + "  schedule step(2, 0.5)  clip 1  stop patience 2  reduction sum  precision f32");
    assertEquals(model, override(model));
  }

  @Test
  void eachOptionReplacesItsSetting() {
    TrainingConfig model = block("split 0.8  clip 1  stop patience 2");
    assertEquals(model.withOptimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.5)),
        override(model, "--optimizer", "adam(lr = 0.5)"));
    assertEquals(model.withOptimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, 0.3)),
        override(model, "--lr", "0.3"));
    assertEquals(model.withOptimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.3)),
        override(model, "--optimizer", "adam(lr = 0.5)", "--lr", "0.3"));
    assertEquals(model.withBatchSize(16), override(model, "--batch", "16"));
    assertEquals(model.withBatchSize(16).withBatchSize(0), override(model.withBatchSize(16), "--batch", "full"));
    assertEquals(model.withEpochs(9), override(model, "--epochs", "9"));
    assertEquals(model.withSplit(0.5), override(model, "--split", "0.5"));
    assertEquals(model.withSchedule(ScheduleSpec.cosine(4)), override(model, "--schedule", "cosine(4)"));
    assertEquals(model.withClip(2.0), override(model, "--clip", "2"));
    assertEquals(model.withClip(null), override(model, "--no-clip"));
    assertEquals(model.withPatience(5), override(model, "--patience", "5"));
    assertEquals(model.withPatience(null), override(model, "--no-stop"));
    assertEquals(model.withPatience(null).withSplit(null), override(model, "--no-stop", "--no-split"));
    assertEquals(model.withReduction(TrainingConfig.Reduction.SUM), override(model, "--reduction", "sum"));
    assertEquals(model.withPrecision(Precision.F32), override(model, "--precision", "f32"));
  }

  @Test
  void theShuffleSeedIsTheModelsUnlessSeedIsGivenWithShuffle() {
    TrainingConfig still = DEFAULTS;
    TrainingConfig shuffled = block("shuffle seed 7");
    assertEquals(still.withShuffle(true, 0), override(still, "--shuffle"));
    assertEquals(still.withShuffle(true, 5), override(still, "--shuffle", "--seed", "5"));
    assertEquals(still, override(still, "--seed", "5"));
    assertEquals(shuffled, override(shuffled, "--shuffle"));
    assertEquals(shuffled, override(shuffled, "--seed", "5"));
    assertEquals(shuffled.withShuffle(true, 3), override(shuffled, "--shuffle", "--seed", "3"));
    assertEquals(shuffled.withShuffle(false, 7), override(shuffled, "--no-shuffle"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--lr -1                      | --lr must be positive, not -1.0",
        "--lr 0                       | --lr must be positive, not 0.0",
        "--lr Infinity                | --lr must be positive, not Infinity",
        "--batch 0                    | --batch expects a positive integer or full, not '0'",
        "--batch some                 | --batch expects a positive integer or full, not 'some'",
        "--epochs 0                   | --epochs must be at least 1, not 0",
        "--split 0.8 --no-split       | --split and --no-split contradict each other: give one",
        "--clip 1 --no-clip           | --clip and --no-clip contradict each other: give one",
        "--patience 2 --no-stop       | --patience and --no-stop contradict each other: give one",
        "--clip 0                     | --clip must be positive, not 0.0",
        "--clip Infinity              | --clip must be positive, not Infinity",
        "--patience 0                 | --patience must be at least 1, not 0",
        "--reduction avg              | --reduction expects mean or sum, not 'avg'",
        "--precision f16              | --precision expects f32 or f64, not 'f16'",
        "--patience 3                 | 'stop patience' watches the validation loss: it needs --split or 'split'",
        "--lr -1 --clip 1 --no-clip   | --lr must be positive, not -1.0",
        "--clip 0 --patience 2 --no-stop | --patience and --no-stop contradict each other: give one",
      })
  void aBadOptionIsOneLineNamingIt(String words, String message) {
    assertEquals(message, optionError(DEFAULTS, words.split(" ")));
  }

  @Test
  void aModelsEarlyStoppingNeedsTheSplitTheCommandLineTakesAway() {
    TrainingConfig model = block("split 0.8  stop patience 2");
    assertEquals("'stop patience' watches the validation loss: it needs --split or 'split'",
        optionError(model, "--no-split"));
    assertEquals(model.withSplit(0.5).withPatience(4), override(DEFAULTS, "--split", "0.5", "--patience", "4"));
  }

  @Test
  void anOptionThatIsModelTextIsAnErrorAtItsPlaceInTheOption() {
    assertEquals("--optimizer:1:1: error: unknown optimizer 'adm'; did you mean 'adam'?",
        assertThrows(ModelException.class, () -> override(DEFAULTS, "--optimizer", "adm(lr = 1)")).format());
    assertEquals("--optimizer:1:1: error: expected an optimizer such as adam(…), not '5'",
        assertThrows(ModelException.class, () -> override(DEFAULTS, "--optimizer", "5")).format());
    assertEquals("--optimizer:1:4: error: '(' is never closed",
        assertThrows(ModelException.class, () -> override(DEFAULTS, "--optimizer", "sgd(")).format());
    assertEquals("--split:1:1: error: split must be a fraction between 0 and 1, not 1.5",
        assertThrows(ModelException.class, () -> override(DEFAULTS, "--split", "1.5")).format());
    assertEquals("--schedule:1:1: error: step needs 'gamma'",
        assertThrows(ModelException.class, () -> override(DEFAULTS, "--schedule", "step(10)")).format());
  }

  @Test
  void precisionOptionIsTheOneCheckForEveryCommand() {
    assertEquals(Precision.F32, TrainingSettings.precisionOption("f32"));
    assertEquals(Precision.F64, TrainingSettings.precisionOption("f64"));
    assertEquals("--precision expects f32 or f64, not 'F32'",
        assertThrows(OptionException.class, () -> TrainingSettings.precisionOption("F32")).getMessage());
  }

  // torch.optim's options (issue #20): each optimizer as torch spells it, PyTorch's own argument checks.

  private static OptimizerSpec spec(String optimizer) {
    return block("optimizer " + optimizer).optimizer();
  }

  @Test
  void torchOptimOptionsAsTorchSpellsThem() {
    OptimizerSpec.Kind sgd = OptimizerSpec.Kind.SGD;
    assertEquals(OptimizerSpec.defaults(sgd, 0.1), spec("sgd(0.1)"));
    assertEquals(OptimizerSpec.defaults(sgd, 0.1).withOptions(0, 0.01, true, false, false, 0, 0, 0),
        spec("sgd(0.1, weight_decay = 0.01, maximize = true)"));
    assertEquals(spec("momentum(0.1, 0.8, true)"), spec("sgd(0.1, momentum = 0.8, nesterov = true)"),
        "momentum(lr, beta, nesterov) is sgd with momentum = beta");
    assertEquals(new OptimizerSpec(OptimizerSpec.Kind.MOMENTUM, 0.1, 0.8, false, 0.9, 0.999, 1e-8, 0.01, 0.99)
        .withOptions(0.25, 0.5, false, false, false, 0, 0, 0), spec("sgd(0.1, 0.8, 0.25, false, 0.5)"));
    assertEquals(sgd, spec("sgd(0.1, momentum = 0)").kind(), "no momentum: plain SGD");
    assertEquals(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.1).withOptions(0, 0.5, true, true, false, 0, 0, 0),
        spec("adam(0.1, weight_decay = 0.5, amsgrad = true, maximize = true)"));
    assertEquals(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAMW, 0.1).withOptions(0, 0, false, true, false, 0, 0, 0),
        spec("adamw(0.1, amsgrad = true)"));
    assertEquals(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, 0.1).withOptions(0, 0.5, false, false, true, 0.9, 0,
        0), spec("rmsprop(0.1, 0.99, 1e-8, 0.9, true, 0.5)"));
    assertEquals(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAGRAD, 0.01), spec("adagrad()"),
        "adagrad's lr defaults to 0.01, its eps to 1e-10");
    assertEquals(1e-10, spec("adagrad()").eps());
    assertEquals(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAGRAD, 0.1).withOptions(0, 0.5, true, false, false, 0, 0.25,
        2), spec("adagrad(0.1, 0.25, 0.5, 1e-10, 2, true)"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "optimizer sgd(0.1, momentum = -1)          | 2:39 momentum must not be negative, not -1.0",
        "optimizer sgd(0.1, weight_decay = -1)      | 2:43 weight_decay must not be negative, not -1.0",
        "optimizer sgd(0.1, nesterov = true)        | 2:39 nesterov needs a momentum above 0 and dampening 0, not momentum 0.0 and dampening 0.0",
        "optimizer sgd(0.1, 0.9, 0.1, true)         | 2:38 nesterov needs a momentum above 0 and dampening 0, not momentum 0.9 and dampening 0.1",
        "optimizer momentum(0.1, 0, true)           | 2:36 nesterov needs a momentum above 0 and dampening 0, not momentum 0.0 and dampening 0.0",
        "optimizer sgd(0.1, maximize = 1)           | 2:39 maximize must be true or false",
        "optimizer adam(0.1, amsgrad = yes)         | 2:39 amsgrad must be true or false",
        "optimizer adam(0.1, weight_decay = -0.5)   | 2:44 weight_decay must not be negative, not -0.5",
        "optimizer adam(0.1, decay = 0.5)           | 2:29 adam has no argument 'decay'",
        "optimizer adamw(0.1, weight_decay = 0.5)   | 2:30 adamw's weight decay is 'decay' (torch.optim.AdamW's weight_decay, decoupled): adamw(lr = 0.001, decay = 0.01)",
        "optimizer rmsprop(0.1, momentum = -0.9)    | 2:43 momentum must not be negative, not -0.9",
        "optimizer rmsprop(0.1, centered = 1)       | 2:43 centered must be true or false",
        "optimizer adagrad(lr_decay = -1)           | 2:38 lr_decay must not be negative, not -1.0",
        "optimizer adagrad(initial_accumulator_value = -1) | 2:55 initial_accumulator_value must not be negative, not -1.0",
        "optimizer adagrad(eps = 0)                 | 2:33 eps must be positive, not 0.0",
        "optimizer adagrad(lr = 0)                  | 2:32 lr must be positive, not 0.0",
        "optimizer adagrad(amsgrad = true)          | 2:27 adagrad has no argument 'amsgrad'",
      })
  void aBadTorchOptimArgumentIsAnErrorAtIt(String settings, String message) {
    assertEquals("m.model:" + message.replaceFirst(" ", ": error: "), blockError(settings));
  }
}
