#!/usr/bin/env python3
"""The cost model of docs/AWS-COST.md: sportsfeeds on AWS (the Lambda and ECS designs) and the
original AWS sample, at 1,000 updates/s. Recomputes the tables of "Per connected analyst" and
"Worked examples: 1,000 updates/s" from the prices and unit counts the document states, and prints
them as Markdown in the document's layout and rounding, to diff against it; then a few lines of
figures that the document's text quotes. infra-cdk's AwsCostModelTest checks that every table row
printed here is in the document.

Run: python3 scripts/aws-cost-model.py    (Python 3, standard library only, no network; no options)
"""
import argparse
import heapq
import math
import random
from collections import Counter

argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()

M = 1e6
KB_PER_GB = 1e6  # decimal, as the document counts (3.6 M updates × 4 KB = "14.4 GB")

# "Prices used" (us-east-1, on-demand, first tier), $ per unit
WRU, RRU, CDC_UNIT = 0.625 / M, 0.125 / M, 0.10 / M
KDS_STREAM_HOUR, KDS_GB_IN, KDS_GB_OUT = 0.04, 0.08, 0.04  # on-demand
KDS_SHARD_HOUR, KDS_PUT_UNIT = 0.015, 0.014 / M  # provisioned (the sample); a PUT unit is 25 KB
EFO_SHARD_HOUR, EFO_GB = 0.015, 0.013  # enhanced fan-out consumer (the sample)
LAMBDA_REQUEST, LAMBDA_GB_S = 0.20 / M, 0.0000166667
REST_REQUEST, WS_MESSAGE, CONNECTION_MINUTE = 3.50 / M, 1.00 / M, 0.25 / M
TRANSFER_OUT_GB, LOGS_GB = 0.09, 0.50
FARGATE_VCPU_HOUR, FARGATE_GB_HOUR = 0.04048, 0.004445
ALB_HOUR, ALB_LCU_HOUR = 0.0225, 0.008  # one LCU per GB processed in the hour

# "What the product does per update, per frame, per analyst"
REQUEST_UPDATES, GAMES_PER_REQUEST = 100, 10  # a provider's PUT /feeds
INGEST_WRU, INGEST_RRU, RRU_PER_REQUEST_GAME = 3, 1, 2  # per update; per game of a request
CDC_PER_UPDATE, KB_BILLED_PER_UPDATE = 2, 4  # history INSERT ~1.2 KB + latest MODIFY ~1.5 KB
KB_PER_UPDATE, KB_PER_SEQ_RECORD = 1.2 + 1.5, 1.0  # as written, for a provisioned shard's 1 MB/s
REST_GB, REST_S = 1.0, 0.2  # the Rest function, 0.2 s per request (est.)
CONSUMER_GB = 1.0  # StreamConsumer
BATCH_RECORDS, DYNAMO_IN_FLIGHT, POSTS_IN_FLIGHT = 100, 16, 64
RECEIVER_BYTES, RRU_BYTES = 76, 4096  # a receivers# row; 1 RRU per 4 KB, at least 1 per query
FRAME_WIRE_KB = 0.24  # a 207-byte frame with WebSocket and TLS framing (est.)
CPU_PER_DELIVERY_S = 1.5e-6  # ECS server CPU per delivery ("Per delivery", docs/BENCHMARKS.md)

# "Worked examples: 1,000 updates/s": the assumptions paragraph, the ECS sizing paragraph
UPDATES_PER_S, HOUR_S, GAMES, SHARE_10 = 1000, 3600, 200, 0.1
SHARDS = 4  # the stack's on-demand stream starts with 4; a game's records all go to one shard
ROUND_TRIP_S, POST_S = 0.005, 0.020  # DynamoDB round trip, PostToConnection (est.)
SIM_BATCHES, SIM_SEED = 200, 1  # "the mean over 200 simulated batches (seeded)"
DELIVERIES_PER_TASK, HALF_LOAD, MIN_TASKS = 500_000, 2, 2
FARGATE_VCPUS, GB_PER_VCPU = (1, 2, 4, 8, 16), 2

# The sample ("Three designs", its table's row labels, and "Latency": a Scan 10-50 ms (est.))
SAMPLE_REQUEST_UPDATES, SAMPLE_WRU, SAMPLE_CDC = 25, 1, 1  # BatchWriteItem: at most 25 puts
SAMPLE_SHARDS, SAMPLE_BATCH, SAMPLE_LAMBDA_GB = 3, 10, 0.25  # the consumer: 256 MB, batch size 10
SAMPLE_CONNECTION_BYTES = 160  # a GSI-2 row; the Scan is eventually consistent: half an RRU per 4 KB
POST_LOG_KB = 0.2  # its console.log line per post
SCAN_S = 0.050  # a batch's records are handled at once (Promise.all): one Scan, then all posts at once
# Not stated in AWS-COST.md; assumed (est.) at values that give its figures:
WRITEFEEDS_S = 0.050  # writeFeeds (256 MB in the sample's stack) per call of 25 puts
SAMPLE_RECORD_KB = 1.0  # a change record read by the enhanced fan-out consumer
EVENT_LOG_KB_PER_RECORD = 1.7  # the consumer logs each batch's event as JSON: per record

updates_h = UPDATES_PER_S * HOUR_S
requests_h, batches_h = updates_h / REQUEST_UPDATES, updates_h / BATCH_RECORDS
# A batch comes from one shard, whose games are GAMES / SHARDS (spread evenly): k records drawn
# uniformly from g games hold g(1 - (1 - 1/g)^k) distinct games on average, ~43.4 of 50.
games_per_shard = GAMES / SHARDS
games_per_batch = games_per_shard * (1 - (1 - 1 / games_per_shard) ** BATCH_RECORDS)
transfer_gb = lambda deliveries_h: deliveries_h * FRAME_WIRE_KB / KB_PER_GB
query_rru = lambda receivers: max(1, math.ceil(receivers * RECEIVER_BYTES / RRU_BYTES))
lambda_cost = lambda calls, gb, seconds: calls * (LAMBDA_REQUEST + gb * seconds * LAMBDA_GB_S)


def post_seconds(analysts, share, seed=SIM_SEED):
    """Mean time of one batch's posts, scheduled as ApiGatewayConnectionGateway does.

    A batch is BATCH_RECORDS records of one shard, each of a game drawn uniformly from the shard's
    GAMES / SHARDS (~43 distinct); game g is on shard g mod SHARDS, the batches take the shards in
    turn. Each analyst subscribes to share × GAMES distinct games drawn at random once per example
    (they do not change between batches) and gets one frame per record of those games. Connections are
    taken in the order of their first push (PublishChanges adds pushes game by game in the order the
    games first appear in the batch; a game's receivers in a fixed order, here the analyst's index);
    each holds one of 64 slots while its frames go one after another (POST_S each), and the next
    connection takes the first slot to free up. The batch's posts end when the last slot is free.
    """
    rng = random.Random(seed)
    receivers = [[] for _ in range(GAMES)]
    for analyst in range(analysts):
        for game in rng.sample(range(GAMES), round(share * GAMES)):
            receivers[game].append(analyst)
    total = 0.0
    for batch in range(SIM_BATCHES):
        shard_games = range(batch % SHARDS, GAMES, SHARDS)
        records = Counter(rng.choice(shard_games) for _ in range(BATCH_RECORDS))  # in first-appearance order
        frames, order = [0] * analysts, []
        for game, count in records.items():
            for analyst in receivers[game]:
                if frames[analyst] == 0:
                    order.append(analyst)
                frames[analyst] += count
        slots = [0.0] * POSTS_IN_FLIGHT  # when each slot is free again
        for analyst in order:
            heapq.heappush(slots, heapq.heappop(slots) + frames[analyst] * POST_S)
        total += max(slots)
    return total / SIM_BATCHES


def consumer_reads_writes(analysts, share):
    """The consumer's DynamoDB and Kinesis an hour: per game of a batch its published seq (1 RRU),
    its receivers#<game> query and the seq's advance (1 WRU, 1 CDC unit, one 1 KB record written
    and read); per batch the receivers#* query, which holds the every-game analysts."""
    per_game_receivers, every_game_receivers = (analysts * share, 0) if share < 1 else (0, analysts)
    per_game = (1 + query_rru(per_game_receivers)) * RRU + WRU + CDC_UNIT + (KDS_GB_IN + KDS_GB_OUT) / KB_PER_GB
    return batches_h * (games_per_batch * per_game + query_rru(every_game_receivers) * RRU)


usd = lambda x: f"${x:,.2f}"
usd_small = lambda x: f"${x:.2f}" if x >= 0.1 else f"${x:.3f}"
per_million = lambda x: f"${x:.1f}" if x < 20 else f"${x:,.0f}"
seconds = lambda x: f"{x:.2f} s" if x < 1 else f"{x:.1f} s" if x < 10 else f"{x:.0f} s"
mega = lambda x: f"{x / M:.1f}".rstrip("0").rstrip(".") + " M"


def table(corner, heads, rows):
    print((f"| {corner} | " + " | ".join(heads) + " |").replace("|  |", "| |"))
    print("| --- " * (len(heads) + 1) + "|")
    for label, cells in rows:
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()


def money_rows(labels, rows_h):
    """The rows in dollars, then the total per hour and per million updates."""
    sums = [sum(column) for column in zip(*rows_h)]
    return sums, [(label, [usd(x) for x in row]) for label, row in zip(labels, rows_h)] + [
        ("**total per hour**", [f"**${s:,.0f}**" for s in sums]),
        ("per million updates", [per_million(s / updates_h * M) for s in sums])]


# Ingest, both production designs
ingest_wru = updates_h * INGEST_WRU
ingest_rru = updates_h * INGEST_RRU + requests_h * GAMES_PER_REQUEST * RRU_PER_REQUEST_GAME
ingest_dynamo = ingest_wru * WRU + ingest_rru * RRU
kinesis_gb = updates_h * KB_BILLED_PER_UPDATE / KB_PER_GB
ingest_written = updates_h * CDC_PER_UPDATE * CDC_UNIT + KDS_STREAM_HOUR + kinesis_gb * KDS_GB_IN
kinesis_read = kinesis_gb * KDS_GB_OUT  # once per reader
rest = requests_h * REST_REQUEST + lambda_cost(requests_h, REST_GB, REST_S)

# "Per delivery" (its last row) and "Per connected analyst"
per_delivery = {
    "Lambda": WS_MESSAGE + transfer_gb(1) * TRANSFER_OUT_GB + POST_S / POSTS_IN_FLIGHT * CONSUMER_GB * LAMBDA_GB_S,
    "ECS": transfer_gb(1) * (TRANSFER_OUT_GB + ALB_LCU_HOUR) + CPU_PER_DELIVERY_S * FARGATE_VCPU_HOUR / HOUR_S,
    "sample": WS_MESSAGE + transfer_gb(1) * TRANSFER_OUT_GB + POST_LOG_KB / KB_PER_GB * LOGS_GB}
every_game_query = batches_h * RECEIVER_BYTES / RRU_BYTES * RRU  # an every-game analyst in receivers#*
table("", list(per_delivery),
      [("**per million deliveries**", [f"**~{usd_small(d * M)}**" for d in per_delivery.values()])])
hourly = lambda share, design, extra=0.0: (
    f"{usd_small(share * updates_h * per_delivery[design] + extra)} per analyst-hour")
table(f"*U* = {UPDATES_PER_S:,} updates/s", ["Lambda", "ECS", "sample (no subscriptions: always every game)"], [
    ("subscribed to 10% of games", [hourly(SHARE_10, "Lambda"), hourly(SHARE_10, "ECS"), hourly(1, "sample")]),
    ("every game", [hourly(1, "Lambda", every_game_query), hourly(1, "ECS"), hourly(1, "sample")])])
print(f"Per analyst per million updates: Lambda {usd_small(SHARE_10 * per_delivery['Lambda'] * M)} at 10%,"
      f" {usd_small(per_delivery['Lambda'] * M)} at every game; ECS {usd_small(SHARE_10 * per_delivery['ECS'] * M)}"
      f" and {usd_small(per_delivery['ECS'] * M)}; the sample {usd_small(per_delivery['sample'] * M)}."
      f" Connected for a month (730 h): {usd_small(730 * 60 * CONNECTION_MINUTE)}.\n")

# Lambda
examples = [(100, SHARE_10), (100, 1.0), (1000, SHARE_10), (1000, 1.0)]
heads = ["100 analysts, 10%", "100, all games", "1,000, 10%", "1,000, all games"]
deliveries_s = [n * share * UPDATES_PER_S for n, share in examples]
games = round(games_per_batch)  # the BatchGetItem, then the queries (games + receivers#*), then the advances
round_trips = 1 + math.ceil((games + 1) / DYNAMO_IN_FLIGHT) + math.ceil(games / DYNAMO_IN_FLIGHT)
posts_s = [post_seconds(n, share) for n, share in examples]
invocation_s = [round_trips * ROUND_TRIP_S + s for s in posts_s]
lambda_totals, rows = money_rows([
    f"ingest: DynamoDB {mega(ingest_wru)} WRU + {mega(ingest_rru)} RRU",
    f"ingest: {mega(updates_h * CDC_PER_UPDATE)} CDC units, Kinesis on-demand ({kinesis_gb:.1f} GB in, read once)",
    f"ingest: API Gateway REST {requests_h:,.0f} requests, `Rest` function",
    f"consumer: per game of each batch ({mega(batches_h * games_per_batch)} game-batches: RRU, WRU, CDC, Kinesis),"
    " and one `receivers#*` query per batch",
    f"consumer: Lambda ({batches_h:,.0f} invocations; duration below × 1 GB)",
    "WebSocket messages", "data transfer out",
], [[ingest_dynamo] * 4, [ingest_written + kinesis_read] * 4, [rest] * 4,
    [consumer_reads_writes(n, share) for n, share in examples],
    [lambda_cost(batches_h, CONSUMER_GB, s) for s in invocation_s],
    [d * HOUR_S * WS_MESSAGE for d in deliveries_s], [transfer_gb(d * HOUR_S) * TRANSFER_OUT_GB for d in deliveries_s]])
table("per hour", ["Lambda, " + h for h in heads], [("deliveries/s", [f"{d:,.0f}" for d in deliveries_s])] + rows + [
    (f"consumer invocation: {round_trips} DynamoDB round trips ({round_trips * ROUND_TRIP_S * 1000:.0f} ms) + posts",
     [seconds(s) for s in invocation_s]),
    (f"concurrent invocations needed (stack default: {SHARDS} shards × factor 1 = {SHARDS})",
     [f"{math.ceil(batches_h / HOUR_S * s)}" for s in invocation_s])])

# ECS: one task per 500,000 deliveries/s, two at least; each the smallest Fargate size with twice its CPU
tasks = [max(MIN_TASKS, math.ceil(d / DELIVERIES_PER_TASK)) for d in deliveries_s]
vcpus = [next(v for v in FARGATE_VCPUS if v >= HALF_LOAD * d * CPU_PER_DELIVERY_S / t)
         for d, t in zip(deliveries_s, tasks)]
fargate = [t * v * (FARGATE_VCPU_HOUR + GB_PER_VCPU * FARGATE_GB_HOUR) for t, v in zip(tasks, vcpus)]
out_gb = [transfer_gb(d * HOUR_S) for d in deliveries_s]
ecs_totals, rows = money_rows(["ingest: DynamoDB, CDC, Kinesis written", "Kinesis read by each task", "Fargate",
                               "load balancer (hour + bytes processed)", "data transfer out"],
                              [[ingest_dynamo + ingest_written] * 4, [t * kinesis_read for t in tasks], fargate,
                               [ALB_HOUR + gb * ALB_LCU_HOUR for gb in out_gb], [gb * TRANSFER_OUT_GB for gb in out_gb]])
rows[1] = (f"Kinesis read by each task ({usd(kinesis_read)} per task)",
           [f"{usd(t * kinesis_read)} ({t}{' tasks' if i == 0 else ''})" for i, t in enumerate(tasks)])
rows[2] = ("Fargate, sized at half load, two tasks at least",
           [f"{usd(f)} ({t} × {v} vCPU" + (f", {v * GB_PER_VCPU} GB)" if i == 0 or v != vcpus[0] else ")")
            for i, (f, t, v) in enumerate(zip(fargate, tasks, vcpus))])
rows.insert(2, (f"delivery CPU ({CPU_PER_DELIVERY_S * M:g} µs each)",
                [f"{d * CPU_PER_DELIVERY_S:g} vCPU" for d in deliveries_s]))
table("per hour", ["ECS, " + h for h in heads], rows)

# The sample: every analyst gets every update; a batch of 10 records is one invocation of 70 ms
sample_requests = updates_h / SAMPLE_REQUEST_UPDATES
sample_deliveries_h = [n * updates_h for n in (100, 1000)]
sample_totals, rows = money_rows([
    f"ingest: {mega(updates_h * SAMPLE_WRU)} WRU (1 per update), {mega(updates_h * SAMPLE_CDC)} CDC units,"
    f" API Gateway ({sample_requests:,.0f} requests of {SAMPLE_REQUEST_UPDATES}), `writeFeeds`",
    f"Kinesis: {SAMPLE_SHARDS} shards, PUT units, enhanced fan-out consumer",
    f"`Scan` of `GSI-2` per record (~{SAMPLE_CONNECTION_BYTES} bytes per connection, eventually consistent)",
    "WebSocket messages (every analyst every update)", "CloudWatch Logs (a line per post, the event per batch)",
    "data transfer out, consumer Lambda",
], [[updates_h * (SAMPLE_WRU * WRU + SAMPLE_CDC * CDC_UNIT) + sample_requests * REST_REQUEST
     + lambda_cost(sample_requests, SAMPLE_LAMBDA_GB, WRITEFEEDS_S)] * 2,
    [SAMPLE_SHARDS * (KDS_SHARD_HOUR + EFO_SHARD_HOUR)
     + updates_h * (KDS_PUT_UNIT + SAMPLE_RECORD_KB / KB_PER_GB * EFO_GB)] * 2,
    [updates_h * math.ceil(n * SAMPLE_CONNECTION_BYTES / RRU_BYTES) / 2 * RRU for n in (100, 1000)],
    [d * WS_MESSAGE for d in sample_deliveries_h],
    [(d * POST_LOG_KB + updates_h * EVENT_LOG_KB_PER_RECORD) / KB_PER_GB * LOGS_GB for d in sample_deliveries_h],
    [transfer_gb(d) * TRANSFER_OUT_GB + lambda_cost(updates_h / SAMPLE_BATCH, SAMPLE_LAMBDA_GB, SCAN_S + POST_S)
     for d in sample_deliveries_h]])
table("per hour", ["sample, 100 analysts (10% or all: the same)", "sample, 1,000 analysts"], rows)

# Figures of the text that follow from the tables
ratios = [lam / ecs for lam, ecs in zip(lambda_totals, ecs_totals)]
print(f"Posts of a Lambda batch (mean of {SIM_BATCHES} simulated, seed {SIM_SEED}): "
      + ", ".join(f"{s:.3f} s" for s in posts_s) + f"; games per batch {games_per_batch:.2f}"
      f" ({games_per_shard:g} games on each of {SHARDS} shards).")
every_game_rru = query_rru(1000)  # the receivers#* query with 1,000 every-game connections
print(f"Per update of a full batch: {(2 * games_per_batch + 1) / BATCH_RECORDS:.2f} RRU"
      f" ({(2 * games_per_batch + every_game_rru) / BATCH_RECORDS:.2f} with 1,000 every-game connections,"
      f" {((1 + query_rru(1000 * SHARE_10)) * games_per_batch + 1) / BATCH_RECORDS:.2f} with 100 receivers a game),"
      f" {games_per_batch / BATCH_RECORDS:.2f} WRU, CDC unit and record; game after game"
      f" {3 * games_per_batch / BATCH_RECORDS:.2f} RRU ({(2 + every_game_rru) * games_per_batch / BATCH_RECORDS:.1f}"
      f" with 1,000 every-game connections). Round trips: 1 + ⌈{games + 1} ÷ {DYNAMO_IN_FLIGHT}⌉"
      f" + ⌈{games} ÷ {DYNAMO_IN_FLIGHT}⌉ = {round_trips}, not 4 × {games} = {4 * games}.")
post_compute = [s * batches_h * CONSUMER_GB * LAMBDA_GB_S / (d * HOUR_S) * M for s, d in zip(posts_s, deliveries_s)]
print(f"Lambda waiting on posts per million deliveries: {usd_small(min(post_compute))}–{usd_small(max(post_compute))[1:]}.")
stream_records_s = CDC_PER_UPDATE * UPDATES_PER_S + batches_h / HOUR_S * games_per_batch
stream_mb_s = (KB_PER_UPDATE * UPDATES_PER_S + KB_PER_SEQ_RECORD * batches_h / HOUR_S * games_per_batch) / 1000
billed_gb_h = kinesis_gb + batches_h * games_per_batch / KB_PER_GB  # 1 KB per published-seq record
print(f"The Lambda design's stream: ~{stream_mb_s:.1f} MB/s in ~{stream_records_s:,.0f} records/s; a month:"
      f" {usd(stream_records_s * HOUR_S * 730 * KDS_PUT_UNIT)} of provisioned PUT units,"
      f" {usd(730 * (KDS_STREAM_HOUR + billed_gb_h * (KDS_GB_IN + KDS_GB_OUT)))} on-demand.")
print(f"ECS {min(ratios):.0f}–{max(ratios):.0f}× cheaper than Lambda; the lightest Lambda example at {SHARDS} invocations:"
      f" {SHARDS * BATCH_RECORDS / invocation_s[0]:,.0f} updates/s; ingest {usd(ingest_dynamo + ingest_written)} an hour,"
      f" {ingest_wru * WRU / (ingest_dynamo + ingest_written):.0%} of it DynamoDB writes.")
