package io.sportsfeeds.app.local;

import io.sportsfeeds.api.http.ErrorResponses;
import io.sportsfeeds.api.http.HttpResponse;
import io.sportsfeeds.core.domain.FieldError;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;

/**
 * Without authentication ({@code --no-auth}, on loopback only), refuses every request whose {@code
 * Host} names anything but this machine. A web page can otherwise reach the server by DNS
 * rebinding: its own name, pointed at 127.0.0.1 once the page is loaded, makes the server the
 * page's own origin, so the browser lets it read odds, post them and open WebSockets, and says so
 * truthfully ({@code Sec-Fetch-Site: same-origin}). The {@code Host} it sends still carries the
 * page's name. With authentication on, such a page has no credentials to send, and a reverse
 * proxy on the same machine may pass on its public name: nothing is refused then.
 */
final class LoopbackHosts extends Handler.Wrapper {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    /** Whether {@code host} (a {@code Host} header: a name or address, and maybe a port) names this machine. */
    static boolean namesThisMachine(String host) {
        String name;
        try {
            name = new HostPort(host.strip()).getHost().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return name.equals("localhost")
                || name.endsWith(".localhost") // RFC 6761: browsers resolve these to loopback themselves
                || IPV4_LOOPBACK.matcher(name).matches()
                || name.equals("[::1]")
                || name.equals("[0:0:0:0:0:0:0:1]");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        // HTTP/1.0 may come without Host; a browser always sends one.
        if (host == null || namesThisMachine(host)) {
            return super.handle(request, response, callback);
        }
        HttpResponse refusal = ErrorResponses.of(
                403,
                ErrorResponses.FORBIDDEN,
                "without authentication this server answers only requests addressed to this machine",
                List.of(new FieldError(
                        "Host", "must be localhost, 127.0.0.1 or [::1] (with any port), was " + host.strip())));
        JettyResponses.write(response, refusal, callback);
        return true;
    }
}
