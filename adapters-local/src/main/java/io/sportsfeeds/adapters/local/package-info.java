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
 *       (seq, storedAt, market and every field): the history, all markets in sequence order</td></tr>
 *   <tr><td>gameId</td><td>{@code latest#<market>}</td><td>the same bytes as the market's last
 *       {@code odds#} row</td></tr>
 *   <tr><td>gameId</td><td>{@code dedupe#<identity>}</td><td>the seq the update with that
 *       {@link io.sportsfeeds.core.domain.OddsUpdate#identity() identity} was stored under</td></tr>
 *   <tr><td>gameId</td><td>{@code head}</td><td>the game's last seq and last storedAt</td></tr>
 *   <tr><td>gameId</td><td>{@code game}</td><td>the game</td></tr>
 *   <tr><td>clientId</td><td>{@code client}</td><td>the client</td></tr>
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
 * version byte.
 *
 * <h2>Writes</h2>
 *
 * Appends go through one writer thread that gathers the pending appends into a group (dedupe,
 * seqs, rows) and commits each group as one synced {@code WriteBatch} on a sync thread (group
 * commit), preparing the next group while the previous one is being synced. Groups are written
 * one at a time, in seq order; each group's changes go to the change source's dispatcher thread
 * once it is durable, in commit order. See {@code GroupCommitWriter}.
 */
package io.sportsfeeds.adapters.local;
