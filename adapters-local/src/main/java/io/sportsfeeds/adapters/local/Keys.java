package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.Rules;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds the keys of the single-table layout described in {@code package-info.java}. */
final class Keys {
    static final byte SEPARATOR = 0;
    static final String ODDS = "odds#";
    static final String LATEST = "latest#";
    static final String DEDUPE = "dedupe#";
    static final String HEAD = "head";
    static final String PROBE = "probe";
    static final String RETAINED = "retained";
    static final String GAME = "game";
    static final String CLIENT = "client";
    static final String GAMES_INDEX = "games";
    static final String CLIENTS_INDEX = "clients";
    /** 20 digits hold every positive long, so the text order of seqs is their numeric order. */
    private static final int SEQ_DIGITS = 20;
    /** 12 digits of epoch seconds reach the year 33658. */
    private static final int DATE_DIGITS = 12;

    static final long MAX_INDEXED_DATE = 999_999_999_999L;

    private Keys() {}

    static byte[] key(String pk, String sk) {
        // Ids and sort keys are ASCII (core's Rules), so one byte per char.
        byte[] partition = pk.getBytes(StandardCharsets.US_ASCII);
        byte[] sort = sk.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[partition.length + 1 + sort.length];
        System.arraycopy(partition, 0, key, 0, partition.length);
        key[partition.length] = SEPARATOR;
        System.arraycopy(sort, 0, key, partition.length + 1, sort.length);
        return key;
    }

    /**
     * Whether a caller's id can be a partition key. Every stored id passed core's rules; an id
     * that does not (a 0x00 in it, say) could alias another key, so reads answer nothing for it.
     */
    static boolean isId(String id) {
        // The core's one id rule: its characters never include the key separator.
        return Rules.isId(id);
    }

    static byte[] odds(String gameId, long seq) {
        return key(gameId, ODDS + padded(seq, SEQ_DIGITS));
    }

    static byte[] oddsPrefix(String gameId) {
        return key(gameId, ODDS);
    }

    static byte[] latest(String gameId, String market) {
        return key(gameId, LATEST + market);
    }

    static byte[] latestPrefix(String gameId) {
        return key(gameId, LATEST);
    }

    static byte[] dedupe(String gameId, String identity) {
        return key(gameId, DEDUPE + identity);
    }

    /** The row holding the lowest seq of a game's history that the retention sweep has not dropped. */
    static byte[] retained(String gameId) {
        return key(gameId, RETAINED);
    }

    static byte[] head(String gameId) {
        return key(gameId, HEAD);
    }

    /**
     * The key the writer's probe writes delete: its partition is empty, which no id is, so it
     * sorts first and no reader ever asks for it.
     */
    static byte[] probe() {
        return key("", PROBE);
    }

    static byte[] game(String gameId) {
        return key(gameId, GAME);
    }

    static byte[] client(String clientId) {
        return key(clientId, CLIENT);
    }

    static byte[] gameByDate(long gameDate, String gameId) {
        return key(GAMES_INDEX, padded(gameDate, DATE_DIGITS) + "#" + gameId);
    }

    /** The first index key of the games starting at {@code epochSecond}, in {@code [0, MAX_INDEXED_DATE]}. */
    static byte[] gamesFrom(long epochSecond) {
        return key(GAMES_INDEX, padded(epochSecond, DATE_DIGITS) + "#");
    }

    static byte[] gamesPrefix() {
        return key(GAMES_INDEX, "");
    }

    static byte[] clientById(String clientId) {
        return key(CLIENTS_INDEX, clientId);
    }

    static byte[] clientsPrefix() {
        return key(CLIENTS_INDEX, "");
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The partition key part of a key, as text. */
    static String partition(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == SEPARATOR) {
                return new String(key, 0, i, StandardCharsets.US_ASCII);
            }
        }
        throw new IllegalArgumentException(
                "not a table key (no separator): " + new String(key, StandardCharsets.US_ASCII));
    }

    /** The first key of a partition. */
    static byte[] partitionStart(String pk) {
        return key(pk, "");
    }

    /**
     * A key after every key of a partition and before the next partition's: the separator 0x00 is
     * replaced by 0x01, which sorts below every character an id holds.
     */
    static byte[] afterPartition(String pk) {
        byte[] key = partitionStart(pk);
        key[key.length - 1] = SEPARATOR + 1;
        return key;
    }

    /** The sort key part of a key, as text. */
    static String sortKey(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == SEPARATOR) {
                return new String(key, i + 1, key.length - i - 1, StandardCharsets.US_ASCII);
            }
        }
        throw new IllegalArgumentException(
                "not a table key (no separator): " + new String(key, StandardCharsets.US_ASCII));
    }

    private static String padded(long value, int digits) {
        String text = Long.toString(value);
        if (value < 0 || text.length() > digits) {
            throw new IllegalArgumentException("cannot encode " + value + " in " + digits + " digits");
        }
        return "0".repeat(digits - text.length()) + text;
    }
}
