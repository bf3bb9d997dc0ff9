package io.sportsfeeds.adapters.local;

import io.sportsfeeds.core.domain.CapturedChange;
import io.sportsfeeds.core.domain.Client;
import io.sportsfeeds.core.domain.Game;
import io.sportsfeeds.core.domain.OddsUpdate;
import io.sportsfeeds.core.domain.SecretHash;
import io.sportsfeeds.core.domain.StoreUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The binary values of the table. Each starts with a version byte so that a later layout can read
 * what an earlier one wrote. Strings use {@link DataOutputStream#writeUTF} (texts are at most 1024
 * chars, well under its 64 KiB limit); optional strings are preceded by a presence flag.
 *
 * <p>Version 2 of the odds rows ({@code odds#}, {@code latest#}) and dedupe rows adds their expiry
 * ({@code EXPIRE}, epoch seconds, as the AWS sample's items carry it); version 1 rows, written
 * before, have none, and are read as such. Heads, games and clients are version 1.
 */
final class Codec {
    static final byte VERSION = 1;
    /** The version of odds and dedupe rows that carry their expiry. */
    static final byte EXPIRING = 2;
    /** What {@link Stored#expireAt} is for a row written before rows carried their expiry. */
    static final long NO_EXPIRY = Long.MIN_VALUE;
    /** version, seq, storedAt seconds, storedAt nanos. */
    private static final int HEAD_LENGTH = 1 + 8 + 8 + 4;
    /** version, seq, storedAt seconds, storedAt nanos, expireAt. */
    private static final int CHANGE_HEADER = HEAD_LENGTH + 8;

    private Codec() {}

    /** What has a value in this layout: each is written by its own method below. */
    @FunctionalInterface
    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read(DataInputStream in, byte version) throws IOException;
    }

    /** An odds row: the change, and its expiry in epoch seconds ({@link #NO_EXPIRY} when it has none). */
    record Stored(CapturedChange change, long expireAt) {}

    /**
     * The fields of an update, without version, seq and store time: encoded once, on the appending
     * thread, and prefixed with the header by {@link #change} once the writer knows the seq.
     */
    static byte[] updatePayload(OddsUpdate update) {
        return bytes(false, out -> {
            out.writeUTF(update.gameId());
            out.writeUTF(update.market());
            out.writeDouble(update.home());
            out.writeDouble(update.away());
            out.writeDouble(update.homeOdds());
            out.writeDouble(update.awayOdds());
            out.writeLong(update.date());
            out.writeBoolean(update.isOpen());
            writeOptional(out, update.summary());
            writeOptional(out, update.gameDate());
            writeOptional(out, update.providerId());
        });
    }

    /** The value of an {@code odds#} and a {@code latest#} row; {@code expireAt} in epoch seconds. */
    static byte[] change(long seq, Instant storedAt, long expireAt, byte[] payload) {
        return ByteBuffer.allocate(CHANGE_HEADER + payload.length)
                .put(EXPIRING)
                .putLong(seq)
                .putLong(storedAt.getEpochSecond())
                .putInt(storedAt.getNano())
                .putLong(expireAt)
                .put(payload)
                .array();
    }

    static CapturedChange readChange(byte[] value) {
        return readStored(value).change();
    }

    static Stored readStored(byte[] value) {
        return read(value, "odds", EXPIRING, (in, version) -> {
            long seq = in.readLong();
            Instant storedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            long expireAt = version >= EXPIRING ? in.readLong() : NO_EXPIRY;
            OddsUpdate update = new OddsUpdate(
                    in.readUTF(),
                    in.readUTF(),
                    in.readDouble(),
                    in.readDouble(),
                    in.readDouble(),
                    in.readDouble(),
                    in.readLong(),
                    in.readBoolean(),
                    readOptional(in),
                    readOptional(in),
                    readOptional(in));
            return new Stored(new CapturedChange(seq, storedAt, update), expireAt);
        });
    }

    /** A game's last seq and the store time of that seq, so store times never go back after a restart. */
    record Head(long seq, Instant storedAt) {
        static final Head EMPTY = new Head(0, Instant.EPOCH);
    }

    static byte[] head(Head head) {
        return ByteBuffer.allocate(HEAD_LENGTH)
                .put(VERSION)
                .putLong(head.seq())
                .putLong(head.storedAt().getEpochSecond())
                .putInt(head.storedAt().getNano())
                .array();
    }

    static Head readHead(byte[] value) {
        return read(
                value,
                "head",
                VERSION,
                (in, version) -> new Head(in.readLong(), Instant.ofEpochSecond(in.readLong(), in.readInt())));
    }

    /** The value of a {@code dedupe#} row: the seq the update is stored under, and its expiry. */
    static byte[] dedupe(long seq, long expireAt) {
        return ByteBuffer.allocate(1 + 8 + 8)
                .put(EXPIRING)
                .putLong(seq)
                .putLong(expireAt)
                .array();
    }

    /** The seq of a {@code dedupe#} row. */
    static long readSeq(byte[] value) {
        return read(value, "dedupe", EXPIRING, (in, version) -> in.readLong());
    }

    /** The value of a {@code retained} row: a seq. */
    static byte[] seq(long seq) {
        return ByteBuffer.allocate(1 + 8).put(VERSION).putLong(seq).array();
    }

    static long readRetained(byte[] value) {
        return read(value, "retained", VERSION, (in, version) -> in.readLong());
    }

    static byte[] game(Game game) {
        return bytes(true, out -> {
            out.writeUTF(game.gameId());
            out.writeLong(game.gameDate());
            out.writeUTF(game.status());
            writeOptional(out, game.sport());
            writeOptional(out, game.name());
            writeOptional(out, game.venue());
            writeOptional(out, game.season());
            writeOptional(out, game.type());
        });
    }

    static Game readGame(byte[] value) {
        return read(
                value,
                "game",
                VERSION,
                (in, version) -> new Game(
                        in.readUTF(),
                        in.readLong(),
                        in.readUTF(),
                        readOptional(in),
                        readOptional(in),
                        readOptional(in),
                        readOptional(in),
                        readOptional(in)));
    }

    /**
     * A client row: id, name, active, then its secret hash ({@link SecretHash#value()}). The hash
     * came later and is read as optional trailing data, so rows written before it (they end after
     * {@code active}) still read, as clients without a secret, under the same version.
     */
    static byte[] client(Client client) {
        return bytes(true, out -> {
            out.writeUTF(client.clientId());
            writeOptional(out, client.name());
            out.writeBoolean(client.active());
            writeOptional(
                    out,
                    client.secretHash() == null ? null : client.secretHash().value());
        });
    }

    static Client readClient(byte[] value) {
        return read(value, "client", VERSION, (in, version) -> clientFields(in));
    }

    private static Client clientFields(DataInputStream in) throws IOException {
        String clientId = in.readUTF();
        String name = readOptional(in);
        boolean active = in.readBoolean();
        // available() of a stream over a byte array is exactly what is left of it.
        String secretHash = in.available() > 0 ? readOptional(in) : null;
        return new Client(clientId, name, active, secretHash == null ? null : new SecretHash(secretHash));
    }

    private static byte[] bytes(boolean versioned, Writer writer) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            if (versioned) {
                out.writeByte(VERSION);
            }
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed, which a ByteArrayOutputStream never does", e);
        }
        return buffer.toByteArray();
    }

    /** Reads a value of a version from 1 to {@code latest}. */
    private static <T> T read(byte[] value, String kind, byte latest, Reader<T> reader) {
        if (value.length == 0 || value[0] < VERSION || value[0] > latest) {
            throw new StoreUnavailableException("cannot read a stored " + kind + ": expected value version "
                    + (latest == VERSION ? VERSION : VERSION + " to " + latest) + ", found "
                    + (value.length == 0 ? "an empty value" : "version " + value[0]));
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 1, value.length - 1))) {
            return reader.read(in, value[0]);
        } catch (IOException e) {
            throw new StoreUnavailableException(
                    "cannot read a stored " + kind + ": its value is truncated or corrupt", e);
        }
    }

    private static void writeOptional(DataOutputStream out, String text) throws IOException {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUTF(text);
        }
    }

    private static String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
