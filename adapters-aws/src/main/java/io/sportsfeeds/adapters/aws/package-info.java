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
