// Preloaded into dynalite (node --require): a client that goes away in the middle of a request (a process killed
// with SIGKILL, a Ctrl-C, a connection cut) must not stop the emulator. dynalite rethrows the request's "aborted"
// error from an event handler, which would end the process and leave every other client without DynamoDB.
'use strict';
process.on('uncaughtException', (err) => {
  if (err && (err.code === 'ECONNRESET' || err.message === 'aborted')) {
    process.stderr.write(`a client went away in the middle of a request (${err.message}); going on\n`);
    return;
  }
  process.stderr.write(`${(err && err.stack) || err}\n`);
  process.exit(1);
});
