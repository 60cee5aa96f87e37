package io.gradgen.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every file gradgen writes (checkpoints, histories, plots, generated sources, {@code .npy} data)
 * is either whole or untouched: it is written to a temporary file beside the target, then moved
 * into place, so a crash or an error half-way never leaves a partial result or destroys the old
 * file.
 *
 * <pre>
 * AtomicFile.write(path, "epoch,train_loss\n1,0.5\n");
 * AtomicFile.write(path, temporary -> ImageIO.write(image, "png", temporary.toFile()));
 * </pre>
 */
public final class AtomicFile {
  /** Temporary files not yet moved or deleted: an interrupted JVM (Ctrl-C, SIGTERM) deletes them as it exits. */
  private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (Path temporary : PENDING) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // nothing more can be done while the JVM exits
        }
      }
    }, "gradgen-temporary-files"));
  }

  private AtomicFile() {}

  /** Fills the temporary file that then becomes the target. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path temporary) throws IOException;
  }

  public static void write(Path file, String text) throws IOException {
    write(file, temporary -> Files.writeString(temporary, text, StandardCharsets.UTF_8));
  }

  /**
   * Has {@code content} fill a temporary file beside {@code file}, then moves it into place; where
   * the file system cannot move atomically, a plain replacing move is the best left. The temporary
   * file is gone afterwards, whatever happened. Its contents reach the disk before the move, so
   * the target is the old file or the whole new one even if the machine stops; it is created as
   * any new file is, with the permissions the umask leaves (not {@code createTempFile}'s 0600).
   */
  public static void write(Path file, Content content) throws IOException {
    try (Pending pending = open(file)) {
      content.writeTo(pending.temporary());
      pending.commit();
    }
  }

  /**
   * A file to be written a piece at a time (a history streamed during training): write to {@link
   * Pending#temporary}, then {@link Pending#commit} moves it into place; closing without a commit
   * deletes it and leaves the target as it was.
   */
  public static Pending open(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    return new Pending(target, createTemporary(target));
  }

  /** A temporary file beside its target, not yet moved into place. */
  public static final class Pending implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private boolean committed;

    private Pending(Path target, Path temporary) {
      this.target = target;
      this.temporary = temporary;
      PENDING.add(temporary);
    }

    public Path temporary() {
      return temporary;
    }

    /** Forces the temporary file to disk and moves it over the target. */
    public void commit() throws IOException {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
      PENDING.remove(temporary);
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        Files.deleteIfExists(temporary);
        PENDING.remove(temporary);
      }
    }
  }

  private static Path createTemporary(Path target) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path temporary = target.resolveSibling(
          "." + target.getFileName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
      try {
        return Files.createFile(temporary);
      } catch (FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }
}
