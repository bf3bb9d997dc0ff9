package io.sportsfeeds.app.local.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A self-contained HTML page of a bench's results: the tables, and per run two inline SVG charts
 * over its seconds, throughput (acknowledged updates/s, delivered messages/s) and publish-to-receipt
 * latency percentiles on a log scale, the measured window shaded. No script, nothing fetched.
 */
final class HtmlPlot {
    private static final int WIDTH = 560;
    private static final int HEIGHT = 240;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 28;
    private static final int BOTTOM = 34;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private HtmlPlot() {}

    /** A comparison table for the page: a title and its rows. */
    record Table(String title, List<PushReport.Figure> figures) {}

    private record Series(String name, ToDoubleFunction<PushBench.Second> value) {}

    static void write(
            Path file,
            String title,
            String commandLine,
            Map<String, Object> machine,
            List<PushBench.Result> results,
            List<Table> tables,
            List<IdleBench.Result> idle)
            throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title))
                .append("</title>")
                .append(
                        "<style>body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 20px}")
                .append(
                        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
                .append(
                        "svg{margin:4px 12px 4px 0;background:#fff;border:1px solid #ddd}code{background:#f4f4f4;padding:1px 4px}")
                .append(".run{margin-bottom:28px}</style></head><body>");
        html.append("<h1>").append(escape(title)).append("</h1>");
        html.append("<p><code>").append(escape(commandLine)).append("</code></p><p>");
        machine.forEach((key, value) -> html.append(escape(key))
                .append(": ")
                .append(escape(String.valueOf(value)))
                .append("<br>"));
        html.append("</p>");
        for (Table table : tables) {
            html.append("<h2>")
                    .append(escape(table.title()))
                    .append(
                            "</h2><table><tr><th>figure</th><th>sportsfeeds</th><th>nats</th><th>ours / nats</th></tr>");
            for (PushReport.Figure figure : table.figures()) {
                html.append("<tr><td>")
                        .append(escape(figure.name()))
                        .append("</td><td>")
                        .append(PushReport.number(figure.ours()))
                        .append("</td><td>")
                        .append(PushReport.number(figure.peer()))
                        .append("</td><td>")
                        .append(figure.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", figure.ratio()))
                        .append("</td></tr>");
            }
            html.append("</table>");
        }
        if (!idle.isEmpty()) {
            html.append(
                            "<h2>RSS per idle WebSocket connection</h2><table><tr><th>system</th><th>connections</th><th>RSS before (KiB)</th>")
                    .append(
                            "<th>RSS after (KiB)</th><th>KiB per connection</th><th>after a full GC: before, after (KiB)</th>")
                    .append("<th>KiB per connection after a full GC</th></tr>");
            for (IdleBench.Result result : idle) {
                html.append(String.format(
                        Locale.ROOT,
                        "<tr><td>%s</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%.1f</td><td>%s</td><td>%s</td></tr>",
                        escape(result.target()),
                        result.connections(),
                        result.rssBeforeKib(),
                        result.rssAfterKib(),
                        result.kibPerConnection(),
                        result.rssBeforeKibAfterGc() < 0
                                ? "-"
                                : String.format(
                                        Locale.ROOT,
                                        "%,d, %,d",
                                        result.rssBeforeKibAfterGc(),
                                        result.rssAfterKibAfterGc()),
                        Double.isNaN(result.kibPerConnectionAfterGc())
                                ? "-"
                                : String.format(Locale.ROOT, "%.1f", result.kibPerConnectionAfterGc())));
            }
            html.append("</table>");
        }
        for (PushBench.Result result : results) {
            html.append("<div class=\"run\"><h2>")
                    .append(escape(result.where()))
                    .append("</h2><p>")
                    .append(escape(result.workload().describe()))
                    .append(String.format(
                            Locale.ROOT,
                            "<br>acknowledged %,.0f updates/s, delivered %,.0f messages/s, publish &rarr; receipt p50 %s / p99 %s / max %s ms, not received %,d</p>",
                            result.acknowledgedPerSecond(),
                            result.deliveredPerSecond(),
                            PushBench.Percentiles.ms(result.fromPublish().p50()),
                            PushBench.Percentiles.ms(result.fromPublish().p99()),
                            PushBench.Percentiles.ms(result.fromPublish().max()),
                            result.notReceived()));
            List<PushBench.Second> seconds = result.timeline();
            int from = (int) result.workload().warmupSeconds();
            int to = from + (int) result.workload().durationSeconds();
            chart(
                    html,
                    "throughput per second",
                    seconds,
                    from,
                    to,
                    false,
                    List.of(
                            new Series("acknowledged updates/s", s -> s.acknowledged()),
                            new Series("delivered messages/s", s -> s.delivered())));
            if (result.workload().subscribers() > 0) {
                chart(
                        html,
                        "publish \u2192 receipt latency (ms, log scale)",
                        seconds,
                        from,
                        to,
                        true,
                        List.of(
                                new Series("p50", PushBench.Second::p50),
                                new Series("p90", PushBench.Second::p90),
                                new Series("p99", PushBench.Second::p99),
                                new Series("max", PushBench.Second::max)));
            }
            html.append("</div>");
        }
        html.append("</body></html>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    private static void chart(
            StringBuilder html,
            String title,
            List<PushBench.Second> seconds,
            int from,
            int to,
            boolean log,
            List<Series> series) {
        int n = Math.max(1, seconds.size());
        double max = 0;
        double min = Double.MAX_VALUE;
        for (Series s : series) {
            for (PushBench.Second second : seconds) {
                double v = s.value().applyAsDouble(second);
                max = Math.max(max, v);
                if (v > 0) {
                    min = Math.min(min, v);
                }
            }
        }
        if (max <= 0) {
            max = 1;
        }
        double low = log ? Math.pow(10, Math.floor(Math.log10(Math.min(min == Double.MAX_VALUE ? 0.1 : min, max)))) : 0;
        double high = log ? Math.pow(10, Math.ceil(Math.log10(max))) : niceCeiling(max);
        if (log && high <= low) {
            high = low * 10;
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double lowF = low;
        double highF = high;
        ToDoubleFunction<Double> y = v -> {
            double f = log
                    ? (Math.log10(Math.max(v, lowF)) - Math.log10(lowF)) / (Math.log10(highF) - Math.log10(lowF))
                    : v / highF;
            return TOP + plotH * (1 - Math.max(0, Math.min(1, f)));
        };
        ToDoubleFunction<Integer> x = i -> LEFT + plotW * (i - 0.5) / n;
        html.append(String.format(
                Locale.ROOT,
                "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT));
        html.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>",
                LEFT,
                escape(title)));
        if (to > from) {
            html.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#f0f4ff\"/>",
                    LEFT + plotW * from / n,
                    TOP,
                    plotW * (Math.min(to, n) - from) / n,
                    plotH));
        }
        // Grid lines and labels on the y axis.
        if (log) {
            for (double v = low; v <= high * 1.0001; v *= 10) {
                gridLine(html, y.applyAsDouble(v), label(v));
            }
        } else {
            for (int i = 0; i <= 4; i++) {
                double v = high * i / 4;
                gridLine(html, y.applyAsDouble(v), label(v));
            }
        }
        html.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\"/>",
                LEFT,
                TOP + plotH,
                WIDTH - RIGHT,
                TOP + plotH));
        int step = Math.max(1, n / 10);
        for (int i = step; i <= n; i += step) {
            html.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%ds</text>",
                    x.applyAsDouble(i),
                    TOP + plotH + 14,
                    i));
        }
        int legendX = LEFT + 8;
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < seconds.size(); i++) {
                double v = line.value().applyAsDouble(seconds.get(i));
                if (log && v <= 0) {
                    continue;
                }
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.applyAsDouble(i + 1), y.applyAsDouble(v)));
            }
            String colour = COLOURS[s % COLOURS.length];
            html.append(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" points=\"%s\"/>",
                    colour,
                    points.toString().trim()));
            html.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"3\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                    legendX,
                    HEIGHT - 8,
                    colour,
                    legendX + 14,
                    HEIGHT - 4,
                    escape(line.name())));
            legendX += 34 + line.name().length() * 6;
        }
        html.append("</svg>");
    }

    private static void gridLine(StringBuilder html, double y, String label) {
        html.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>",
                LEFT,
                y,
                WIDTH - RIGHT,
                y));
        html.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT - 6, y + 4, label));
    }

    private static String label(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (v >= 1_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2g", v);
    }

    private static double niceCeiling(double max) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= max) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
