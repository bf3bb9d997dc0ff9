package io.sportsfeeds.api.ws;

import io.sportsfeeds.api.json.Json;

/** The frames the server answers client messages with. */
final class Frames {
  private Frames() {}

  static String pong() {
    return Json.text(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("kind", "pong");
          generator.writeEndObject();
        });
  }

  /** {@code {"kind":"error","code":"bad_message","message":".."}} */
  static String error(String code, String message) {
    return Json.text(
        generator -> {
          generator.writeStartObject();
          generator.writeStringField("kind", "error");
          generator.writeStringField("code", code);
          generator.writeStringField("message", message);
          generator.writeEndObject();
        });
  }
}
