package io.gradgen.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * An epoch's shuffled order on the cluster: every row moves to the partition that holds its new
 * position (a Spark shuffle, one per epoch, executor to executor), each source part sending each
 * destination one piece (the positions and the rows), so that the epoch's steps find their rows in place.
 */
final class Arrangement {
  private Arrangement() {}

  /** A destination's share of one source part: positions and their rows (flat, the part's precision). */
  record Share(int[] positions, Object rows) implements java.io.Serializable {}

  /** {@code base}'s rows at the positions {@code inverse} gives the first {@code inverse.length} rows (the rest stay). */
  static JavaRDD<Part> of(JavaRDD<Part> base, Cuts cuts, Broadcast<int[]> inverse, int shuffled) {
    int partitions = cuts.partitions();
    int holder = cuts.partitionOf(0);
    if (shuffled <= cuts.end(holder)) {
      // Every shuffled row stays in its partition (a small data set): reordered in place, no Spark shuffle.
      return base.mapPartitionsWithIndex((p, parts) -> {
        Part part = parts.next();
        return List.of(p == holder ? reordered(part, inverse.value()) : part).iterator();
      }, true);
    }
    return base.flatMapToPair(part -> shares(part, cuts, inverse.value()))
        .partitionBy(new HashPartitioner(partitions)) // keys are destination partitions 0 .. n − 1
        .mapPartitionsWithIndex((p, shares) -> List.of(gather(p, cuts, shares)).iterator(), true);
  }

  /** {@code part} (holding positions from 0) with its first rows put at the positions {@code inverse} gives. */
  private static Part reordered(Part part, int[] inverse) {
    int w = part.width;
    Object from = part.floats != null ? part.floats : part.doubles;
    Object to = part.floats != null ? part.floats.clone() : part.doubles.clone();
    for (int row = 0; row < inverse.length; row++) {
      System.arraycopy(from, row * w, to, inverse[row] * w, w);
    }
    return Part.of(part.first, part.rows, w, part.floats != null ? null : (double[]) to,
        part.floats != null ? (float[]) to : null, part.source);
  }

  private static Iterator<Tuple2<Integer, Share>> shares(Part part, Cuts cuts, int[] inverse) {
    int partitions = cuts.partitions();
    List<List<Integer>> rows = new ArrayList<>();
    List<List<Integer>> positions = new ArrayList<>();
    for (int q = 0; q < partitions; q++) {
      rows.add(new ArrayList<>());
      positions.add(new ArrayList<>());
    }
    for (int r = 0; r < part.rows; r++) {
      int row = part.first + r;
      int position = row < inverse.length ? inverse[row] : row;
      int q = cuts.partitionOf(position);
      rows.get(q).add(r);
      positions.get(q).add(position);
    }
    List<Tuple2<Integer, Share>> out = new ArrayList<>();
    for (int q = 0; q < partitions; q++) {
      if (rows.get(q).isEmpty()) {
        continue;
      }
      int n = rows.get(q).size();
      int w = part.width;
      Object values = part.floats != null ? new float[n * w] : new double[n * w];
      int[] at = new int[n];
      for (int k = 0; k < n; k++) {
        int r = rows.get(q).get(k);
        System.arraycopy(part.floats != null ? part.floats : part.doubles, r * w, values, k * w, w);
        at[k] = positions.get(q).get(k);
      }
      out.add(new Tuple2<>(q, new Share(at, values)));
    }
    return out.iterator();
  }

  private static Part gather(int p, Cuts cuts, Iterator<Tuple2<Integer, Share>> shares) {
    int first = cuts.start(p);
    int count = cuts.end(p) - first;
    double[] doubles = null;
    float[] floats = null;
    int width = 0;
    String source = "";
    while (shares.hasNext()) {
      Share share = shares.next()._2();
      boolean f32 = share.rows() instanceof float[];
      int n = share.positions().length;
      int length = f32 ? ((float[]) share.rows()).length : ((double[]) share.rows()).length;
      width = n == 0 ? width : length / n;
      if (doubles == null && floats == null) {
        if (f32) {
          floats = new float[count * width];
        } else {
          doubles = new double[count * width];
        }
      }
      for (int k = 0; k < n; k++) {
        System.arraycopy(share.rows(), k * width, f32 ? floats : doubles, (share.positions()[k] - first) * width, width);
      }
    }
    if (doubles == null && floats == null) {
      doubles = new double[0];
    }
    return Part.of(first, count, width, doubles, floats, source);
  }
}
