/**
 * The benchmark's ceiling: a bare node:http server answering a static body
 * of BYTES bytes, in WORKERS processes like the portal (cluster), in its own
 * process so the load generator does not share its event loop.
 *   node scripts/bench/ceiling-server.mjs <port> <bytes> <workers>
 */
import cluster from "node:cluster";
import http from "node:http";

const [port, bytes, workers] = process.argv.slice(2).map(Number);
if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  for (let i = 0; i < workers; i++) cluster.fork().on("listening", () => ++listening === workers && console.log("listening"));
  process.on("SIGTERM", () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  });
} else {
  const body = Buffer.alloc(bytes, "x");
  http
    .createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
      res.end(body);
    })
    .listen(port, "127.0.0.1", () => cluster.isPrimary && console.log("listening"));
}
