package io.sportsfeeds.app.local.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the server's own {@code /metrics} say of the measured window: two scrapes, at its start and
 * at its end, subtracted. Percentiles come from the Prometheus histogram buckets, so each is the
 * upper bound of the bucket it falls in.
 *
 * @param commits group commits of the embedded store in the window
 * @param updatesPerCommit updates per group commit, on average
 * @param commitMillisMean a group commit's synced write, on average (ms)
 * @param commitMillisP99 its 99th percentile (ms, bucket bound)
 * @param pushDelayMillisP50 a change's store time to its frames queued for every receiver (ms, bucket bound)
 * @param pushDelayMillisP99 the same, 99th percentile
 * @param conflations frames dropped from full queues because a newer one superseded them
 * @param deepestQueueAtEnd the most frames queued for one connection when the window ended
 */
record ServerSideFigures(
        long commits,
        Double updatesPerCommit,
        Double commitMillisMean,
        Double commitMillisP99,
        Double pushDelayMillisP50,
        Double pushDelayMillisP99,
        long conflations,
        long deepestQueueAtEnd) {

    /** The window between two scrapes of the Prometheus text format. */
    static ServerSideFigures between(String before, String after) {
        Map<String, Double> start = parse(before);
        Map<String, Double> end = parse(after);
        double commits = delta(start, end, "sportsfeeds_store_commit_updates_count");
        double committed = delta(start, end, "sportsfeeds_store_commit_updates_sum");
        double commitSeconds = delta(start, end, "sportsfeeds_store_commit_seconds_sum");
        double commitCount = delta(start, end, "sportsfeeds_store_commit_seconds_count");
        return new ServerSideFigures(
                (long) commits,
                commits == 0 ? null : committed / commits,
                commitCount == 0 ? null : commitSeconds / commitCount * 1_000,
                quantileMillis(start, end, "sportsfeeds_store_commit_seconds", 0.99),
                quantileMillis(start, end, "sportsfeeds_push_delay_seconds", 0.50),
                quantileMillis(start, end, "sportsfeeds_push_delay_seconds", 0.99),
                (long) delta(start, end, "sportsfeeds_websocket_conflations_total"),
                end.getOrDefault("sportsfeeds_websocket_queue_deepest", 0.0).longValue());
    }

    /** Series (name with its labels, as written) to value; comments and malformed lines skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space <= 0) {
                continue;
            }
            try {
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException ignored) {
                // not a sample line
            }
        }
        return series;
    }

    private static double delta(Map<String, Double> start, Map<String, Double> end, String series) {
        return end.getOrDefault(series, 0.0) - start.getOrDefault(series, 0.0);
    }

    /** The bound of the first bucket holding {@code q} of the window's observations, in ms. */
    private static Double quantileMillis(
            Map<String, Double> start, Map<String, Double> end, String histogram, double q) {
        String prefix = histogram + "_bucket{le=\"";
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        for (Map.Entry<String, Double> entry : end.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(prefix) && key.endsWith("\"}")) {
                String bound = key.substring(prefix.length(), key.length() - 2);
                double le = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                cumulative.put(le, entry.getValue() - start.getOrDefault(key, 0.0));
            }
        }
        Double total = cumulative.isEmpty() ? null : cumulative.lastEntry().getValue();
        if (total == null || total <= 0) {
            return null;
        }
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey() * 1_000;
            }
        }
        return null;
    }
}
