package io.gradgen.emit.ptx;

import io.gradgen.runtime.ModelLayout;

/**
 * How a kernel's threads reach the rows: the block size, and whether a block first copies a tile of
 * {@code tileRows} consecutive rows into shared memory (each of its threads then reads one row
 * there) or each thread reads its row straight from global memory.
 *
 * <p>Rows are stored one after another, so thread {@code t} reading element {@code k} of row {@code
 * t} touches addresses a row apart: for rows of 64 bytes or more, a warp's 32 loads hit 32
 * different sectors, and each sector is fetched again for the next elements unless the L1 cache
 * still has it. A tile is loaded with consecutive threads reading consecutive addresses (full
 * sectors, every byte once), then read from shared memory, where a row's odd stride in 4-byte
 * words leaves no bank conflicts for f32. A tile takes at most {@value #SHARED_LIMIT} bytes (the
 * static shared-memory limit of a block): 256 rows of f32 × 33 is 33,792 bytes. Rows too wide for
 * a 64-row tile, and rows under 64 bytes (already read in whole sectors), go straight to global
 * memory, 256 threads a block.
 */
record RowTiling(int threads, int tileRows) {
  static final int SHARED_LIMIT = 48 * 1024;
  static final int DIRECT_THREADS = 256;
  private static final int WIDE_ROW_BYTES = 64;

  boolean tiled() {
    return tileRows > 0;
  }

  static RowTiling of(ModelLayout layout) {
    int rowBytes = layout.rowWidth() * PtxType.of(layout.precision()).bytes();
    if (!layout.hasInputs() || rowBytes < WIDE_ROW_BYTES) {
      return direct();
    }
    for (int rows = 256; rows >= 64; rows /= 2) {
      if ((long) rows * rowBytes <= SHARED_LIMIT) {
        return new RowTiling(rows, rows);
      }
    }
    return direct();
  }

  static RowTiling direct() {
    return new RowTiling(DIRECT_THREADS, 0);
  }
}
