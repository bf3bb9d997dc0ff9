/**
 * The embedded store: RocksDB in one data directory, no server process.
 *
 * <h2>Key layout</h2>
 *
 * The keys mirror the DynamoDB single table ({@code PK} partition key, {@code SK} sort key), so
 * one key design serves both stores and reading a game's history is one range scan in each. A
 * key is {@code PK + 0x00 + SK} in ASCII; ids hold only {@code [A-Za-z0-9._:@-]}, so the 0x00
 * separator never occurs inside them and byte order is (PK, SK) order.
 *
 * <p>Column family {@code default}, the table:
 *
 * <table>
 *   <tr><th>PK</th><th>SK</th><th>value</th></tr>
 *   <tr><td>gameId</td><td>{@code odds#<seq, 20 zero-padded digits>}</td><td>a stored update
 *       (seq, storedAt, EXPIRE, market and every field): the history, all markets in sequence
 *       order</td></tr>
 *   <tr><td>gameId</td><td>{@code latest#<market>}</td><td>the same bytes as the {@code odds#}
 *       row of the market's latest odds: the newest by the provider's {@code date}, ties to the
 *       higher seq (a late, older update is in the history only)</td></tr>
 *   <tr><td>gameId</td><td>{@code dedupe#<identity>}</td><td>the seq the update with that
 *       {@link io.sportsfeeds.core.domain.OddsUpdate#identity() identity} was stored under, and
 *       its EXPIRE</td></tr>
 *   <tr><td>gameId</td><td>{@code head}</td><td>the game's last seq and last storedAt</td></tr>
 *   <tr><td>gameId</td><td>{@code retained}</td><td>the lowest seq of the history not dropped
 *       as expired (no row: 1)</td></tr>
 *   <tr><td>gameId</td><td>{@code game}</td><td>the game</td></tr>
 *   <tr><td>clientId</td><td>{@code client}</td><td>the client</td></tr>
 *   <tr><td>(empty)</td><td>{@code probe}</td><td>never a value: the writer's probe writes
 *       delete it (see Writes)</td></tr>
 * </table>
 *
 * <p>Column family {@code gsi1}, the GSI-1 index (projection ALL, so listing needs no second read):
 *
 * <table>
 *   <tr><th>GSI1PK</th><th>GSI1SK</th><th>value</th></tr>
 *   <tr><td>{@code games}</td><td>{@code <gameDate, 12 zero-padded digits>#<gameId>}</td><td>the game</td></tr>
 *   <tr><td>{@code clients}</td><td>clientId</td><td>the client</td></tr>
 * </table>
 *
 * <p>Values are a compact binary encoding ({@link java.io.DataOutputStream}) that starts with a
 * version byte: 2 for {@code odds#}, {@code latest#} and {@code dedupe#} rows, which carry their
 * EXPIRE (epoch seconds), 1 for the others and for odds and dedupe rows written before; both are
 * read. See {@code Codec}.
 *
 * <h2>Writes</h2>
 *
 * Appends go through one writer thread that gathers the pending appends into a group and commits
 * each group as one synced {@code WriteBatch} on a sync thread (group commit), preparing the next
 * group while the previous one is being synced. Groups are written one at a time, in seq order;
 * each group's changes go to the change source's dispatcher thread once it is durable, in commit
 * order. What a group stores (dedupe, seqs, latest odds, rows) is decided by the {@code
 * Sequencer}, which holds no thread and calls no database; the {@code GroupCommitWriter} moves
 * the groups between the threads. The writer keeps the heads and latest odds' dates of at most
 * 200,000 games in memory, reading the others' rows again when they come back.
 *
 * <p>A write that reports an error may be in RocksDB's log all the same, so no seq is reused on a
 * guess: appends are refused (not acknowledged: a retry is safe) until a small synced probe write
 * succeeds, the database being reopened from the second probe on; then what the failed write
 * stored is published, and heads and identities are read from disk again.
 *
 * <h2>Retention</h2>
 *
 * An update expires a retention (the app's {@code --retention-days}) after its provider's date,
 * its EXPIRE. Every minute a sweep on its own thread drops each game's expired history prefix (in
 * seq order, from the oldest, while expired) with those updates' dedupe rows, and moves the game's
 * {@code retained} seq, where history reads and {@code changesAfter} start. The {@code latest#}
 * rows and the head stay: a market's latest odds until a newer update replaces them, seqs for
 * ever. See {@code RetentionSweeper}.
 */
package io.sportsfeeds.adapters.local;
