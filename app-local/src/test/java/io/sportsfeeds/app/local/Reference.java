package io.sportsfeeds.app.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared reference payloads, found beside the checkout ({@code ../shared/reference} of the repository root). */
final class Reference {
  private Reference() {}

  static byte[] bytes(String name) {
    // Surefire runs in the module's directory; shared/ sits beside the repository root.
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("shared").resolve("reference").resolve(name);
      if (Files.isRegularFile(file)) {
        try {
          return Files.readAllBytes(file);
        } catch (IOException e) {
          throw new UncheckedIOException("reading reference payload " + name, e);
        }
      }
    }
    throw new IllegalStateException("no shared/reference/" + name + " above " + Path.of("").toAbsolutePath());
  }
}
