// `bench:api --processes N`: N API processes sharing one port (node:cluster hands each new connection to the
// next), as API_REPLICAS does on one host behind nginx. argv: the API's main.js, then N.
const cluster = require('node:cluster');

const [main, count] = process.argv.slice(2);
cluster.setupPrimary({ exec: main, execArgv: process.execArgv });
for (let i = 0; i < Number(count); i++) cluster.fork();
cluster.on('exit', (worker, code) => {
  if (code) console.error(`API process ${worker.process.pid} exited with ${code}`);
});
process.on('SIGTERM', () => {
  for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
  process.exit(0);
});
