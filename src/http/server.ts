// The app on the network: header and idle timeouts, a cap on connections at which the longest
// idle one makes room, clients that read too slowly cut, and a drain with a deadline on shutdown.
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import type { App } from './app.js';
import { refusedUpfront, toNodeListener, type Current, type Logger } from './listener.js';
import type { Monitor } from './monitor.js';

/** Limits that protect the server from clients (docs/operations.md says what each protects). */
export interface ServerLimits {
  maxConnections: number;
  headerTimeoutMs: number;
  idleTimeoutMs: number;
  /** A client taking an answer slower than this, over `slowWindowMs`, is cut. */
  minBytesPerSecond?: number;
  slowWindowMs?: number;
  /** See ListenerOptions. */
  maxPendingBytes?: number;
}

export const DEFAULT_LIMITS: ServerLimits = { maxConnections: 1000, headerTimeoutMs: 10_000, idleTimeoutMs: 30_000 };

/** A server that knows its connections, and how to stop within a deadline. */
export interface SdgServer extends Server {
  /** Open connections, and those with a request in flight. */
  connectionCount(): { open: number; busy: number };
  /**
   * Stops accepting, answers what is in flight with `Connection: close`, closes idle connections
   * at once and the rest at the deadline; resolves with how many were cut then.
   */
  drain(deadlineMs: number): Promise<number>;
}

interface Tracked {
  /** Requests read whole and not yet answered (more than one when a client pipelines). */
  busy: number;
  /** A request whose body is still arriving: it can make room at the cap, like an idle one. */
  reading: boolean;
  /** When it last became idle, or began sending a body. */
  since: number;
  /** Bytes written by the last check of the send rate, and checks in a row it was too slow. */
  written: number;
  slow: number;
  /** What to send (an error) and then close, once the answers in flight are out. */
  last?: string;
}

export function listen(app: App | Current, port: number, host: string, log: Logger | undefined, limits: ServerLimits = DEFAULT_LIMITS, monitor?: Monitor): Promise<SdgServer> {
  let draining = false;
  const listener = toNodeListener(app, { log, draining: () => draining, monitor, maxPendingBytes: limits.maxPendingBytes });
  const sockets = new Map<Socket, Tracked>();
  const warn = (message: string) => log?.({ time: new Date().toISOString(), level: 'warn', message });
  const server = createServer({
    headersTimeout: limits.headerTimeoutMs,
    // A request body (a SPARQL POST, 1 MB at most) is slower to arrive than its headers.
    requestTimeout: limits.headerTimeoutMs + 20_000,
    // How often those two are checked: Node's 30 s would let a slow client stay that much longer.
    connectionsCheckingInterval: Math.min(1000, limits.headerTimeoutMs),
  }, (req, res) => {
    const tracked = sockets.get(req.socket);
    let counted = false;
    const count = () => {
      if (!tracked || counted) return;
      counted = true;
      tracked.reading = false;
      tracked.busy++;
    };
    // Busy once its body is in: a client trickling a body holds no place that an answer needs.
    const body = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!body || req.complete) count();
    else if (tracked) {
      tracked.reading = true;
      tracked.since = Date.now();
      req.once('end', count);
    }
    res.once('close', () => {
      if (!tracked) return;
      if (counted) tracked.busy--;
      tracked.reading = false;
      tracked.since = Date.now();
      if (tracked.last !== undefined && !tracked.busy) finish(req.socket, tracked.last);
    });
    void listener(req, res);
  }) as SdgServer;
  // `Expect: 100-continue`: a body we would refuse is refused before the client sends it.
  server.on('checkContinue', (req, res) => {
    if (!refusedUpfront(req)) res.writeContinue();
    server.emit('request', req, res);
  });
  // A connection on which nothing moves (a client that stopped reading a dump, or sending) goes.
  server.timeout = limits.idleTimeoutMs;
  server.on('connection', (socket: Socket) => {
    if (sockets.size >= limits.maxConnections && !makeRoom()) {
      socket.destroy();
      warn(`refused a connection: all ${limits.maxConnections} are answering requests`);
      return;
    }
    sockets.set(socket, { busy: 0, reading: false, since: Date.now(), written: 0, slow: 0 });
    socket.once('close', () => sockets.delete(socket));
  });
  /**
   * At the cap, the connection idle longest (between requests, still sending its headers or its
   * body) makes room; else the oldest of those whose client is not taking its answer.
   */
  function makeRoom(): boolean {
    let oldest: [Socket, Tracked] | undefined;
    for (const entry of sockets) if (!entry[1].busy && (!oldest || entry[1].since < oldest[1].since)) oldest = entry;
    if (!oldest) for (const entry of sockets) if (entry[0].writableLength > 0 && (!oldest || entry[1].since < oldest[1].since)) oldest = entry;
    oldest?.[0].destroy();
    return oldest !== undefined;
  }
  // Clients that ask and then read a byte now and then (enough to defeat the idle timeout) are
  // cut when, with an answer waiting for them, they take it slower than the minimum rate.
  const minRate = limits.minBytesPerSecond ?? 1024;
  const window = limits.slowWindowMs ?? 10_000;
  const rateCheck = setInterval(() => {
    let cut = 0;
    for (const [socket, t] of sockets) {
      const moved = socket.bytesWritten - t.written;
      t.written = socket.bytesWritten;
      t.slow = socket.writableLength > 0 && moved < (minRate * window) / 2000 ? t.slow + 1 : 0;
      if (t.slow >= 2) {
        socket.destroy();
        cut++;
      }
    }
    if (cut) warn(`cut ${cut} connection(s) taking their answers slower than ${minRate} bytes/s`);
  }, window / 2);
  rateCheck.unref();
  server.once('close', () => clearInterval(rateCheck));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // A request that cannot be read: answered when the socket can still take it, then closed.
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const [status, reason] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
    log?.({ time: new Date().toISOString(), status, error: error.code ?? error.message });
    lastWords(socket, status, reason, `${reason}.\n`);
  });
  // A proxy tunnel is not something a publisher offers: said so, rather than the socket dropped.
  server.on('connect', (_req, socket: Socket) => {
    log?.({ time: new Date().toISOString(), status: 405, method: 'CONNECT' });
    lastWords(socket, 405, 'Method Not Allowed', 'Method Not Allowed: this server is not a proxy.\n', 'Allow: GET, HEAD, POST, OPTIONS\r\n');
  });
  /**
   * A raw answer before the connection closes (no request object to answer through). After a
   * pipelined request it waits for that request's answer: written now, it would land inside it.
   */
  function lastWords(socket: Socket, status: number, reason: string, body: string, headers = '') {
    const reply = `HTTP/1.1 ${status} ${reason}\r\n${headers}Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const tracked = sockets.get(socket);
    if (tracked?.busy) tracked.last = reply;
    else finish(socket, reply);
  }
  server.connectionCount = () => ({ open: sockets.size, busy: [...sockets.values()].filter((t) => t.busy || t.reading).length });
  monitor?.watch(() => {
    const { open, busy } = server.connectionCount();
    return { 'sdg_lod_connections{state="open"}': open, 'sdg_lod_connections{state="busy"}': busy };
  });
  server.drain = (deadlineMs) => new Promise((resolve) => {
    draining = true;
    const timer = setTimeout(() => {
      const cut = sockets.size;
      server.closeAllConnections();
      resolve(cut);
    }, deadlineMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve(0);
    });
    server.closeIdleConnections();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** Sends a last answer and closes; a client that never reads it is cut a second later. */
function finish(socket: Socket, reply: string) {
  socket.end(reply);
  setTimeout(() => socket.destroy(), 1000).unref();
}
