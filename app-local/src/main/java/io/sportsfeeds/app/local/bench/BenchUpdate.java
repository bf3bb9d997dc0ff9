package io.sportsfeeds.app.local.bench;

import java.nio.charset.StandardCharsets;

/**
 * One update a publisher sends: its number in the run, its game (from 0) and the game's count of
 * updates so far in the run (from 1). The number travels in the update's {@code summary} as
 * {@code <run tag>:<game>:<number>}, which the server pushes back unchanged, so a subscriber can
 * tell which publish a frame is and which run it belongs to.
 */
record BenchUpdate(long number, int game, long gameSeq) {
    private static final String[] MARKETS = {"spread", "moneyline", "total"};

    static String gameId(int game) {
        return String.format("bench-game-%04d", game + 1);
    }

    /**
     * Appends the update in the provider's payload shape (the reference batch's fields, with a
     * provider {@code id} unique to the run, so none is stored as a duplicate).
     *
     * @param withSeq whether to lead with {@code "kind":"odds","seq":<gameSeq>}, as the peer's
     *     messages do, since no server numbers them there
     */
    void appendJson(StringBuilder json, String runTag, String gameId, long date, boolean withSeq) {
        String market = MARKETS[(int) (number % MARKETS.length)];
        int drift = (int) (number % 21) - 10;
        json.append('{');
        if (withSeq) {
            json.append("\"kind\":\"odds\",\"seq\":").append(gameSeq).append(',');
        }
        json.append("\"summary\":\"")
                .append(runTag)
                .append(':')
                .append(game)
                .append(':')
                .append(number)
                .append("\",\"gameId\":\"")
                .append(gameId)
                .append("\",\"gameDate\":\"2026-12-01 19:30:00.000\",\"type\":\"")
                .append(market)
                .append("\",\"isOpen\":true,\"away\":")
                .append(market.equals("spread") ? "-3.5" : market.equals("total") ? "220.5" : "0")
                .append(",\"home\":")
                .append(market.equals("spread") ? "3.5" : market.equals("total") ? "220.5" : "0")
                .append(",\"awayOdds\":")
                .append(-110 - drift)
                .append(",\"homeOdds\":")
                .append(-110 + drift)
                .append(",\"date\":")
                .append(date)
                .append(",\"id\":\"")
                .append(runTag)
                .append('-')
                .append(number)
                .append("\"}");
    }

    /**
     * What a subscriber reads of a frame or message: the {@code seq} and the {@code summary}'s game
     * and number, found by scanning the bytes (no JSON decoding, which would cost the bench more
     * than the server spends sending).
     */
    static final class Reader {
        private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] SUMMARY = "\"summary\":\"".getBytes(StandardCharsets.US_ASCII);
        /** How the server marks a frame that superseded older ones in a queue that fell behind (it leads). */
        private static final byte[] CONFLATED = "{\"conflated\":true,".getBytes(StandardCharsets.US_ASCII);

        private final byte[] tag;
        long seq;
        /** Whether the frame came marked conflated: the seqs skipped just before it were superseded. */
        boolean conflated;

        int game;
        long number;

        Reader(String runTag) {
            this.tag = (runTag + ":").getBytes(StandardCharsets.US_ASCII);
        }

        /** Reads a frame; false when it is no update of this run (a pong, another feed's update). */
        boolean read(byte[] b, int offset, int length) {
            int end = offset + length;
            int at = indexOf(b, offset, end, SUMMARY);
            if (at < 0 || at + SUMMARY.length + tag.length > end) {
                return false;
            }
            at += SUMMARY.length;
            for (int i = 0; i < tag.length; i++) {
                if (b[at + i] != tag[i]) {
                    return false;
                }
            }
            at += tag.length;
            int value = 0;
            while (at < end && b[at] != ':') {
                value = value * 10 + (b[at++] - '0');
            }
            game = value;
            long n = 0;
            at++;
            while (at < end && b[at] != '"') {
                n = n * 10 + (b[at++] - '0');
            }
            number = n;
            int seqAt = indexOf(b, offset, end, SEQ);
            if (seqAt < 0) {
                return false;
            }
            seqAt += SEQ.length;
            long s = 0;
            while (seqAt < end && b[seqAt] >= '0' && b[seqAt] <= '9') {
                s = s * 10 + (b[seqAt++] - '0');
            }
            seq = s;
            conflated =
                    length >= CONFLATED.length && indexOf(b, offset, offset + CONFLATED.length, CONFLATED) == offset;
            return true;
        }

        static int indexOf(byte[] b, int from, int to, byte[] pattern) {
            outer:
            for (int i = from; i <= to - pattern.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (b[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
