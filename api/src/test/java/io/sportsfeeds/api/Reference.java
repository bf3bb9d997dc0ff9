package io.sportsfeeds.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared reference payloads, found beside the checkout ({@code ../shared/reference} of the repository root). */
public final class Reference {
  private Reference() {}

  public static Path directory() {
    // Surefire runs in the module's directory; the repository root is one level up, shared/ beside it.
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("reference");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no shared/reference above " + Path.of("").toAbsolutePath());
  }

  public static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(directory().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("reading reference payload " + name, e);
    }
  }

  public static String text(String name) {
    return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
  }
}
