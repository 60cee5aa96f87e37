package io.gradgen.runtime.train;

/**
 * How a training run divides the objective's rows: the first {@code train} rows train (in batches
 * of {@code batch}), the remaining {@code validation} validate.
 *
 * <p>100 rows with {@code split 0.8} and {@code batch 32}: train 80, validation 20, batches of 32,
 * 32 and 16. {@code round} is {@link Math#round} (halves round up), so 0.75 of 10 rows trains on 8.
 * A model without inputs is one row, one batch, no validation, whatever the configuration says.
 */
record Rows(int all, int train, int validation, int batch, boolean shuffled) {

  static Rows of(TrainingConfig config, Objective objective) {
    int all = objective.rows();
    if (!objective.layout().hasInputs()) {
      if (config.patience() != null) {
        throw new IllegalArgumentException(
            "early stopping needs a validation set, and a model without inputs has none");
      }
      return new Rows(1, 1, 0, 1, false);
    }
    if (all < 1) {
      throw new IllegalArgumentException("no rows to train on");
    }
    int train = all;
    if (config.split() != null) {
      train = (int) Math.round(config.split() * all);
      if (train < 1 || train >= all) {
        throw new IllegalArgumentException(
            "split " + config.split() + " of " + all + " rows leaves "
                + (train < 1 ? "no training rows" : "no validation rows"));
      }
    } else if (config.patience() != null) {
      throw new IllegalArgumentException("early stopping (patience) needs split for a validation set");
    }
    int batch = config.batchSize() == 0 ? train : Math.min(config.batchSize(), train);
    return new Rows(all, train, all - train, batch, config.shuffle());
  }
}
