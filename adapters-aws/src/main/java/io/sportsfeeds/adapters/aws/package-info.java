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
 * {@code GAMESTART} (the update's {@code gameDate} as sent), {@code PROVIDERID} (S, when given),
 * {@code IDENTITY} (S, the update's identity), {@code CREATED} (N, store time in epoch
 * milliseconds), {@code EXPIRE} (N, epoch seconds, the TTL) and {@code CLAIM} (S, which append
 * wrote it; no meaning to readers). The decoder takes the game from {@code PK} and the seq and
 * market from {@code SEQ} and {@code MARKET}, never from the sort key, and ignores every other item.
 *
 * <p>The update's {@code gameDate} is not stored as {@code GAMEDATE}: that name is the sort key
 * (type N) of the games' index {@code GSI-1}, kept from the original sample so its seeded games
 * work, and DynamoDB refuses any item whose attribute named like an index key has another type
 * ("Type mismatch for Index Key GAMEDATE Expected: N Actual: S"), index member or not.
 *
 * <p>Each game's latest item per market ({@code SK=latest#<market>}) holds the same attributes as
 * the history item it copies, without {@code IDENTITY} and {@code CLAIM}, and is overwritten in
 * place: a change record is a history item's only when its {@code SK} starts with {@code odds#}.
 *
 * <p>The rest of the layout (games, clients, connections, published seqs) is documented with the
 * stores that own it and in {@code adapters-aws/DYNAMODB.md}.
 *
 * <h2>Change capture and delivery (what the apps wire)</h2>
 *
 * <ul>
 *   <li>app-local, aws mode: {@code KinesisChangeStream.create(KinesisChangeStream.newClient(settings),
 *       settings, clock, pollInterval)} is the {@code ChangeStream} that {@code PublishChanges}
 *       follows (connections stay app-local's own; its gateway stays the Jetty one).
 *   <li>app-lambda, stream consumer: {@code new ChangeRecordDecoder(settings.table())} decodes each
 *       record of the {@code KinesisEvent}; {@code ApiGatewayConnectionGateway.create(
 *       ApiGatewayConnectionGateway.newClient(settings))} is the {@code ConnectionGateway} (the
 *       settings need {@code AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI}).
 *   <li>An emulated streaming destination (a table emulator without one): {@code ChangeRecordEncoder}
 *       writes the records Kinesis Data Streams for DynamoDB would.
 * </ul>
 */
package io.sportsfeeds.adapters.aws;
