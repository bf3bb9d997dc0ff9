package io.sportsfeeds.app.local.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** What a scripted test server needs of a client's HTTP upgrade request. */
final class UpgradeRequests {
    private UpgradeRequests() {}

    /** Reads the request's head, up to and with the blank line that ends it. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client left during its upgrade request");
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
