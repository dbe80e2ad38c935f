// What bin/replay and bin/read-stream share: their options and their Kinesis client.
//
// Where they connect:
//   by default                 the local emulator of local-aws/start.sh, http://127.0.0.1:$KINESIS_PORT (4568),
//                              region us-east-1, credentials "local" unless AWS_ACCESS_KEY_ID is set
//   AWS_ENDPOINT_URL_KINESIS   (or AWS_ENDPOINT_URL) another endpoint, such as an emulator elsewhere
//   --aws                      real Kinesis, with the usual AWS settings: AWS_REGION or AWS_PROFILE, the
//                              credential chain of every AWS SDK
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

// The SDK's Kinesis client speaks HTTP/2 by default (for SubscribeToShard, which these tools do not use);
// the emulator's HTTP/2 answers do not read back, HTTP/1.1 works everywhere.
const http1 = () => new NodeHttpHandler({ connectionTimeout: 5000, requestTimeout: 120000 });

/**
 * Reads "--name value" and "--flag" options; the rest are positional. Exits with the usage on anything
 * it does not know.
 */
export function parseArgs(argv, { flags = [], values = [], usage }) {
  const options = { positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(usage);
      process.exit(0);
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (flags.includes(name) && inline === undefined) {
        options[name] = true;
      } else if (values.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) {
          fail(`--${name} needs a value`, usage);
        }
        options[name] = value;
      } else {
        fail(`unknown option ${arg}`, usage);
      }
    } else {
      options.positional.push(arg);
    }
  }
  return options;
}

export function fail(message, usage) {
  process.stderr.write(`${message}\n${usage ? '\n' + usage : ''}`);
  process.exit(2);
}

/** The client and a few words that say where it connects. */
export function kinesisClient(aws) {
  if (aws) {
    const client = new KinesisClient({ maxAttempts: 5, requestHandler: http1() });
    return { client, where: 'Kinesis (AWS)' };
  }
  const endpoint = process.env.AWS_ENDPOINT_URL_KINESIS || process.env.AWS_ENDPOINT_URL
    || `http://127.0.0.1:${process.env.KINESIS_PORT || 4568}`;
  const credentials = process.env.AWS_ACCESS_KEY_ID ? undefined : { accessKeyId: 'local', secretAccessKey: 'local' };
  const client = new KinesisClient({
    endpoint,
    region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1',
    credentials,
    maxAttempts: 5,
    requestHandler: http1(),
  });
  return { client, where: endpoint };
}

/** The message of a failed call, with a hint where the stream or the emulator is missing. */
export function explain(error, stream, where) {
  if (error.name === 'ResourceNotFoundException') {
    return `no stream ${stream} at ${where}` + (where.startsWith('http://127.0.0.1')
      ? ': is the local pipeline running? local-aws/start.sh starts the emulators with the streams' : '');
  }
  if (error.code === 'ECONNREFUSED' || error.cause?.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String(error))) {
    return `nothing answers at ${where}: start the emulators with local-aws/start.sh (or name real Kinesis with --aws)`;
  }
  return `${error.name || 'Error'}: ${error.message}`;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** 1234567 as "1 234 567". */
export function count(n) {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
