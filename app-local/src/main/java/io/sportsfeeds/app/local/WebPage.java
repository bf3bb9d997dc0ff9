package io.sportsfeeds.app.local;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The analysts' web page, served from the jar: {@code GET /} (the page), {@code /web/…} (its
 * modules and style) and {@code /webjars/…} (the libraries it uses, from WebJars on the class
 * path). Nothing is fetched from elsewhere, so the page works offline. A path that names no file
 * is answered by {@code notFound} (the REST API's JSON 404).
 */
final class WebPage {
    static final String INDEX = "web/index.html";

    private static final String WEBJARS = "META-INF/resources/webjars/";
    /** Segments of letters, digits, {@code _ - .}, none starting with a dot: no {@code ..}, no hidden files. */
    private static final Pattern SAFE_PATH =
            Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    /** The page's own files change with each build: revalidated every time (a 304 when unchanged). */
    private static final String REVALIDATE = "no-cache";
    /** WebJar paths carry their version: they never change. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private record Resource(byte[] bytes, String contentType, String etag) {}

    private final Map<String, Optional<Resource>> loaded = new ConcurrentHashMap<>();
    private final Handler notFound;

    private WebPage(Handler notFound) {
        this.notFound = notFound;
    }

    /** Whether the page takes {@code /} for this method (GET and HEAD): a catch-all must not add it again. */
    static boolean servesRoot(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD;
    }

    /** Adds the page's GET and HEAD routes; add them before any catch-all route. */
    static void addRoutes(RoutesConfig routes, Handler notFound) {
        WebPage page = new WebPage(notFound);
        Handler index = ctx -> page.serve(ctx, INDEX, REVALIDATE);
        Handler own = ctx -> page.serve(ctx, "web/", ctx.pathParam("path"), REVALIDATE);
        Handler webJar = ctx -> page.serve(ctx, WEBJARS, ctx.pathParam("path"), IMMUTABLE);
        routes.get("/", index).head("/", index);
        routes.get("/web/<path>", own).head("/web/<path>", own);
        routes.get("/webjars/<path>", webJar).head("/webjars/<path>", webJar);
    }

    private void serve(Context ctx, String root, String path, String cacheControl) throws Exception {
        if (!SAFE_PATH.matcher(path).matches()) {
            notFound.handle(ctx);
            return;
        }
        serve(ctx, root + path, cacheControl);
    }

    private void serve(Context ctx, String name, String cacheControl) throws Exception {
        Optional<Resource> found = loaded.computeIfAbsent(name, WebPage::load);
        if (found.isEmpty()) {
            notFound.handle(ctx);
            return;
        }
        Resource resource = found.get();
        ctx.header("Cache-Control", cacheControl);
        ctx.header("ETag", resource.etag());
        ctx.header("X-Content-Type-Options", "nosniff");
        if (resource.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(resource.contentType());
        ctx.result(resource.bytes());
    }

    /** A class-path file with a known type, or empty (a directory, a missing file, an unknown type). */
    private static Optional<Resource> load(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String contentType = CONTENT_TYPES.get(extension);
        if (contentType == null) {
            return Optional.empty();
        }
        try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Resource(bytes, contentType, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name + " from the class path", e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"'
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(digest)
                            .substring(0, 22)
                    + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
