/**
 * The AWS adapters: the DynamoDB stores of the single table, the decoder of the change records
 * Kinesis Data Streams for DynamoDB writes, the Kinesis reader, and the API Gateway Management API
 * connection gateway. Settings come from {@link io.sportsfeeds.adapters.aws.AwsSettings} only.
 *
 * <h2>The odds history item (what the change-record decoder reads)</h2>
 *
 * One item per stored update, never overwritten: {@code PK} = the game id, {@code SK} =
 * {@code odds#<seq, 20 zero-padded digits>}, so a game's history is one range in seq order. Its
 * attributes: {@code SEQ} (N), {@code MARKET} (S), {@code HOME}, {@code AWAY}, {@code HOMEODDS},
 * {@code AWAYODDS} (N), {@code DATE} (N, the provider's time as sent, seconds or milliseconds),
 * {@code DATEMS} (N, the same in milliseconds), {@code ISOPEN} (BOOL), {@code SUMMARY},
 * {@code GAMEDATE}, {@code PROVIDERID} (S, when given), {@code IDENTITY} (S, the update's
 * identity), {@code CREATED} (N, store time in epoch milliseconds) and {@code EXPIRE} (N, epoch
 * seconds, the TTL). The decoder takes the game from {@code PK} and the seq and market from
 * {@code SEQ} and {@code MARKET}, never from the sort key, and ignores every other item.
 *
 * <p>The rest of the layout (latest, identity, head, games, clients, connections, published seqs)
 * is documented with the stores that own it and in the README's key-layout section.
 */
package io.sportsfeeds.adapters.aws;
