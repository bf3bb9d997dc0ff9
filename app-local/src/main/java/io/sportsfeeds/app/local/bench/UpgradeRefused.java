package io.sportsfeeds.app.local.bench;

import java.io.IOException;

/** The server answered the upgrade with another status than 101. */
final class UpgradeRefused extends IOException {
    private final int status;

    UpgradeRefused(String statusLine) {
        super("the upgrade was answered " + statusLine);
        String[] parts = statusLine.split(" ", 3);
        int parsed;
        try {
            parsed = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException notAStatus) {
            parsed = 0;
        }
        this.status = parsed;
    }

    /** The status code answered, or 0 when the status line held none. */
    int status() {
        return status;
    }
}
