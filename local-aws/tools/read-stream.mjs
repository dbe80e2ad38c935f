// bin/read-stream: prints a Kinesis stream's records as newline-delimited JSON, all shards.
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { explain, fail, kinesisClient, parseArgs, sleep } from './kinesis.mjs';

const usage = `usage: bin/read-stream STREAM [--follow] [--aws]

Prints every record of a Kinesis stream (hourly-highs, window-stats, ticks-dlq, ticks, ticks-raw) from its
oldest, one a line: its data when that is one line of JSON, else the data as a JSON string. Reads every
shard, a shard's parent before it; ends when it has read all there is.

  --follow   go on printing records as they arrive, until Ctrl-C
  --aws      real Kinesis with the usual AWS settings; by default the local emulator
             (AWS_ENDPOINT_URL_KINESIS names another endpoint)
`;

const options = parseArgs(process.argv.slice(2), { flags: ['follow', 'aws'], values: [], usage });
if (options.positional.length !== 1) {
  fail('name one stream to read', usage);
}
const stream = options.positional[0];
const { client, where } = kinesisClient(options.aws);

process.stdout.on('error', (error) => {
  process.exit(error.code === 'EPIPE' ? 0 : 1); // e.g. piped into head
});
process.on('SIGINT', () => process.exit(0));

/** Shard id to its iterator (null once the shard is closed and read to its end). */
const iterators = new Map();
const parents = new Map();

try {
  await discover();
  if (options.follow) {
    let listedAt = Date.now();
    for (;;) {
      const read = await readRound();
      if (Date.now() - listedAt > 10000) {
        await discover(); // new shards after a split or merge
        listedAt = Date.now();
      }
      if (read === 0) {
        await sleep(1000);
      }
    }
  } else {
    while ([...iterators.values()].some((iterator) => iterator !== null)) {
      await readRound(true);
    }
  }
} catch (error) {
  process.stderr.write(`bin/read-stream: ${explain(error, stream, where)}\n`);
  process.exit(1);
}
await new Promise((resolve) => process.stdout.write('', resolve));
process.exit(0);

async function discover() {
  let token;
  do {
    const answer = await client.send(new ListShardsCommand(token ? { NextToken: token } : { StreamName: stream }));
    for (const shard of answer.Shards ?? []) {
      if (!iterators.has(shard.ShardId)) {
        iterators.set(shard.ShardId, undefined); // not asked for yet
        parents.set(shard.ShardId, [shard.ParentShardId, shard.AdjacentParentShardId].filter(Boolean));
      }
    }
    token = answer.NextToken;
  } while (token);
}

/** A parent that is still being read holds its children back: a company's records stay in order. */
function ready(shardId) {
  return parents.get(shardId).every((parent) => !iterators.has(parent) || iterators.get(parent) === null);
}

/**
 * One GetRecords per readable shard. With {@code toEnd}, a shard is read until it has nothing more, and
 * then counts as done (its iterator null).
 * @return the number of records printed
 */
async function readRound(toEnd = false) {
  let printed = 0;
  for (const [shardId, known] of iterators) {
    if (known === null || !ready(shardId)) {
      continue;
    }
    let iterator = known;
    if (iterator === undefined) {
      iterator = (await client.send(new GetShardIteratorCommand({
        StreamName: stream, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON',
      }))).ShardIterator;
    }
    for (;;) {
      const answer = await getRecords(iterator);
      for (const record of answer.Records ?? []) {
        print(record.Data);
        printed++;
      }
      iterator = answer.NextShardIterator ?? null;
      const caughtUp = (answer.Records ?? []).length === 0 && !(answer.MillisBehindLatest > 0);
      if (iterator === null || caughtUp) {
        iterators.set(shardId, (toEnd || iterator === null) ? null : iterator);
        break;
      }
      if (!toEnd) {
        iterators.set(shardId, iterator);
        break;
      }
    }
  }
  return printed;
}

async function getRecords(iterator) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10000 }));
    } catch (error) {
      if (error.name !== 'ProvisionedThroughputExceededException' || attempt >= 10) {
        throw error;
      }
      await sleep(Math.min(200 * 2 ** attempt, 5000)); // five reads a second per shard at most
    }
  }
}

function print(data) {
  const text = Buffer.from(data).toString('utf8');
  let line = text;
  try {
    JSON.parse(text);
    if (/[\r\n]/.test(text)) {
      line = JSON.stringify(JSON.parse(text));
    }
  } catch {
    line = JSON.stringify(text);
  }
  process.stdout.write(line + '\n');
}
