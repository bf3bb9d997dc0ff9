package io.sportsfeeds.core.port;

import io.sportsfeeds.core.domain.CapturedChange;

/** Turns a captured change into the text frame analysts receive (the wire format lives outside the core). */
@FunctionalInterface
public interface FrameEncoder {
    String encode(CapturedChange change);
}
