// bin/replay: puts a file of records onto a Kinesis stream, one record a line, with PutRecords.
import { readFileSync } from 'node:fs';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { count, explain, fail, kinesisClient, parseArgs, sleep } from './kinesis.mjs';

const usage = `usage: bin/replay FILE [--stream NAME] [--speed N] [--aws]

Puts every line of FILE (newline-delimited records, '-' for standard input) onto a Kinesis stream as one
record, the company's name as partition key, with PutRecords (500 records or 5 MB a call). Entries the
stream refuses for a while (throttling) are put again with backoff: nothing is dropped. Blank lines are
skipped; a line larger than a Kinesis record (1 MiB) is reported and not put. Ends with a summary.

  --stream NAME   the stream (default ticks-raw)
  --speed N       pace by event time, N times faster than it happened (60: a minute of ticks a second);
                  the records go in the order of their ts. Default: as fast as the stream takes them,
                  in the file's order
  --aws           real Kinesis with the usual AWS settings; by default the local emulator
                  (AWS_ENDPOINT_URL_KINESIS names another endpoint)
`;

const MAX_RECORDS_PER_CALL = 500;
const MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
const MAX_RECORD_BYTES = 1024 * 1024; // data and partition key
const MAX_TRIES = 30; // an entry still refused after ~2 minutes of backoff is counted as refused
const KEY_FIELDS = ['name', 'Name', 'NAME', 'symbol', 'Symbol', 'ticker', 'Ticker', 'S', 'sym', 's', 'product_id'];

const options = parseArgs(process.argv.slice(2), { flags: ['aws'], values: ['stream', 'speed'], usage });
if (options.positional.length !== 1) {
  fail('name one file to replay', usage);
}
const file = options.positional[0];
const stream = options.stream || 'ticks-raw';
const speed = options.speed === undefined ? null : Number(options.speed);
if (speed !== null && !(speed > 0 && Number.isFinite(speed))) {
  fail(`--speed takes a positive number, not ${options.speed}`, usage);
}

let text;
try {
  text = readFileSync(file === '-' ? 0 : file, 'utf8');
} catch (error) {
  fail(`cannot read ${file}: ${error.message}`);
}

/** The partition key: the company, so that one company's records stay in order on one shard. */
function partitionKey(record) {
  if (record && typeof record === 'object' && !Array.isArray(record)) {
    for (const field of KEY_FIELDS) {
      const value = record[field];
      if (typeof value === 'string' && value.trim() !== '') {
        return value.trim().toUpperCase().slice(0, 256);
      }
    }
  }
  return 'unnamed'; // the pipeline dead-letters it; it still goes on the stream
}

/** Event time in ms, or null: the course's "2020-05-14 15:01:00-04:00", ISO-8601, US dates. */
function eventTime(record) {
  const ts = record && typeof record === 'object' ? (record.ts ?? record.Ts ?? record.TS ?? record.t) : undefined;
  if (typeof ts === 'number') {
    return ts;
  }
  if (typeof ts !== 'string') {
    return null;
  }
  const time = Date.parse(ts.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T'));
  return Number.isNaN(time) ? null : time;
}

const records = [];
let refused = 0;
text.split('\n').forEach((raw, index) => {
  const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.trim() === '') {
    return;
  }
  let parsed = null;
  try {
    parsed = JSON.parse(line);
  } catch {
    // not JSON: put as it is, the pipeline tells why it is bad
  }
  const data = Buffer.from(line, 'utf8');
  const key = partitionKey(parsed);
  if (data.length + Buffer.byteLength(key) > MAX_RECORD_BYTES) {
    process.stderr.write(`line ${index + 1}: ${count(data.length)} bytes, more than a Kinesis record holds (1 MiB); not put\n`);
    refused++;
    return;
  }
  records.push({ data, key, line: index + 1, time: eventTime(parsed), tries: 0 });
});

if (speed !== null) {
  // a record without a time goes with the one before it
  let last = null;
  for (const record of records) {
    record.time = record.time ?? last;
    last = record.time ?? last;
  }
  const first = records.find((record) => record.time !== null)?.time ?? 0;
  records.forEach((record) => { record.time = record.time ?? first; });
  records.sort((a, b) => a.time - b.time); // stable: equal times keep the file's order
}

const { client, where } = kinesisClient(options.aws);
const progress = new Progress(stream, records.length);
const started = Date.now();
const firstTime = records.length > 0 ? records[0].time : 0;
let put = 0;
let retried = 0;
const queue = records.slice();
let backoff = 0;

try {
  while (queue.length > 0) {
    if (speed !== null) {
      const due = started + (queue[0].time - firstTime) / speed;
      if (due > Date.now()) {
        await sleep(Math.min(due - Date.now(), 1000));
        progress.show(put);
        continue;
      }
    }
    const batch = takeBatch(queue, speed === null ? Infinity : Date.now());
    const answer = await putRecords(batch);
    const failed = [];
    answer.Records.forEach((entry, i) => {
      if (entry.ErrorCode) {
        failed.push(batch[i]);
      } else {
        put++;
      }
    });
    for (const record of failed) {
      record.tries++;
      if (record.tries >= MAX_TRIES) {
        process.stderr.write(`line ${record.line}: refused ${MAX_TRIES} times by ${stream}; not put\n`);
        refused++;
      }
    }
    const again = failed.filter((record) => record.tries < MAX_TRIES);
    retried += again.length;
    queue.unshift(...again); // before the records that follow them
    backoff = again.length > 0 ? Math.min(Math.max(backoff * 2, 100), 5000) : 0;
    progress.show(put);
    if (backoff > 0) {
      await sleep(backoff);
    }
  }
} catch (error) {
  progress.end(put);
  process.stderr.write(`bin/replay: ${explain(error, stream, where)}\n`);
  summary();
  process.exit(1);
}
progress.end(put);
summary();
process.exit(refused > 0 ? 1 : 0);

function summary() {
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`put ${count(put)} ${put === 1 ? 'record' : 'records'} onto ${stream} (${where}) in ${seconds.toFixed(1)} s`
    + `, ${count(put / Math.max(seconds, 0.001))} records/s; retried ${count(retried)}, refused ${count(refused)}\n`);
}

/** The next call's records: in order, due by {@code now}, within PutRecords' limits. */
function takeBatch(queue, now) {
  const batch = [];
  let bytes = 0;
  while (queue.length > 0 && batch.length < MAX_RECORDS_PER_CALL) {
    const next = queue[0];
    const size = next.data.length + Buffer.byteLength(next.key);
    if (bytes + size > MAX_BYTES_PER_CALL || (batch.length > 0 && next.time !== null && speed !== null
        && started + (next.time - firstTime) / speed > now)) {
      break;
    }
    batch.push(queue.shift());
    bytes += size;
  }
  return batch;
}

async function putRecords(batch) {
  // the SDK retries a failed call itself; ours wait longer while the stream stays throttled
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.send(new PutRecordsCommand({
        StreamName: stream,
        Records: batch.map((record) => ({ Data: record.data, PartitionKey: record.key })),
      }));
    } catch (error) {
      const passing = error.name === 'ProvisionedThroughputExceededException' || error.name === 'LimitExceededException'
        || error.$retryable || (error.$metadata?.httpStatusCode ?? 0) >= 500;
      if (!passing || attempt >= 10) {
        queue.unshift(...batch);
        throw error;
      }
      await sleep(Math.min(100 * 2 ** attempt, 5000));
    }
  }
}

/** A bar on a terminal, plain lines every few seconds elsewhere (both on standard error). */
function Progress(name, total) {
  const terminal = process.stderr.isTTY;
  const since = Date.now();
  let shownAt = 0;
  let shown = -1;
  this.show = (done, final = false) => {
    const now = Date.now();
    if ((!final && now - shownAt < (terminal ? 100 : 5000)) || (!terminal && done === shown)) {
      return;
    }
    shownAt = now;
    shown = done;
    const seconds = (now - since) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const left = rate > 0 ? (total - done) / rate : Infinity;
    const percent = total > 0 ? Math.floor((100 * done) / total) : 100;
    const status = `${count(done)}/${count(total)} ${percent}%  ${count(rate)} records/s  ${clock(left)} left`;
    if (terminal) {
      const width = 30;
      const filled = total > 0 ? Math.round((width * done) / total) : width;
      process.stderr.write(`\r${name} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${status}\x1b[K`);
    } else {
      process.stderr.write(`${name}: ${status}\n`);
    }
  };
  this.end = (done) => {
    this.show(done, true);
    if (terminal) {
      process.stderr.write('\n');
    }
  };
}

function clock(seconds) {
  if (!Number.isFinite(seconds)) {
    return '--:--';
  }
  const s = Math.ceil(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
