package io.gradgen.cli;

import io.gradgen.PreparedModel;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Training on a cluster ({@code gradgen train --spark MASTER}): an objective whose rows live on a
 * cluster's machines, found through {@link ServiceLoader} so that the cli module knows no cluster
 * library. The gradgen-spark module provides the one there is; the launcher puts it on the class
 * path only for a {@code --spark} run, so no other command loads a Spark class.
 */
public interface Distributed {

  /** A cluster's objective, closed (the cluster's session ended) when the run is over. */
  interface Session extends Objective, AutoCloseable {
    @Override
    void close();
  }

  /**
   * {@code prepared} (the java backend's model) over the rows of {@code data} (null for a model
   * without inputs), read and computed by the executors of {@code master}, the rows cut into
   * {@code partitions} parts (null: the cluster's default parallelism) along the blocks of {@link
   * io.gradgen.runtime.train.RangeSums} for {@code config}'s split.
   */
  Session open(PreparedModel prepared, Path data, TrainingConfig config, String master, Integer partitions);

  /** The provider on the class path, or null where there is none. */
  static Distributed find() {
    for (Distributed provider : ServiceLoader.load(Distributed.class)) {
      return provider;
    }
    return null;
  }
}
