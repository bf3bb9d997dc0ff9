package io.sportsfeeds.api.http;

import io.sportsfeeds.core.domain.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a request that changes data when the browser that sent it says a page of another origin
 * made it. The API answers no CORS preflight, so a browser sends such a request without asking only
 * when it is a "simple" one: no {@code x-api-key}, a form or {@code text/plain} body. With
 * authentication on, that request is refused anyway; without it ({@code --no-auth}), any page the
 * user visits could post odds to a server on loopback. Clients other than browsers send neither
 * header and are not concerned.
 */
final class CrossSiteWrites {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    /** The fetch metadata a browser sends for its own page, or for an address the user typed. */
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private CrossSiteWrites() {}

    /** The 403 for a cross-origin write, when {@code request} is one. */
    static Optional<HttpResponse> refusal(HttpRequest request) {
        if (READS.contains(request.method())) {
            return Optional.empty();
        }
        // Sent by every current browser, and decided by it: the surest sign.
        Optional<String> site = request.header("sec-fetch-site");
        if (site.isPresent()) {
            String said = site.get().trim().toLowerCase(Locale.ROOT);
            return OWN_SITE.contains(said)
                    ? Optional.empty()
                    : Optional.of(refused(
                            "Sec-Fetch-Site",
                            "must be same-origin (or none) for a request that changes data, was " + said));
        }
        // Older browsers send Origin only: it must name this server, as the Host header does.
        Optional<String> origin = request.header("origin");
        Optional<String> host = request.header("host");
        if (origin.isEmpty() || host.isEmpty() || sameServer(origin.get(), host.get())) {
            return Optional.empty();
        }
        return Optional.of(
                refused("Origin", "must be this server's own for a request that changes data, was " + origin.get()));
    }

    /**
     * Whether an {@code Origin} names the server the {@code Host} header names. A Host without a port
     * (behind a proxy that terminates TLS, say) is matched by an Origin of that name without a port.
     */
    private static boolean sameServer(String origin, String host) {
        try {
            URI from = new URI(origin.trim());
            URI to = new URI("http://" + host.trim());
            if (from.getHost() == null
                    || to.getHost() == null
                    || !from.getHost().equalsIgnoreCase(to.getHost())) {
                return false;
            }
            // A Host without a port (a proxy that keeps only the name) matches an Origin without one
            // only: a page of another port of the host must not pass for the server's own.
            return to.getPort() < 0 ? from.getPort() < 0 : to.getPort() == effectivePort(from);
        } catch (URISyntaxException unreadable) {
            return false; // "null" (a sandboxed or file page) parses, but has no host
        }
    }

    private static int effectivePort(URI origin) {
        if (origin.getPort() >= 0) {
            return origin.getPort();
        }
        return "https".equalsIgnoreCase(origin.getScheme()) ? 443 : 80;
    }

    private static HttpResponse refused(String header, String rule) {
        return ErrorResponses.of(
                403,
                ErrorResponses.FORBIDDEN,
                "a web page of another origin may not change data on this server",
                List.of(new FieldError(header, rule)));
    }
}
