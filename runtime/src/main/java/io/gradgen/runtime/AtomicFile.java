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
    Path target = file.toAbsolutePath();
    Path temporary = createTemporary(target);
    try {
      content.writeTo(temporary);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
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
