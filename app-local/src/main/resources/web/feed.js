// The streaming protocol of docs/PROTOCOL.md from the analyst's side: subscribe to the games shown,
// take each game's snapshot (or the replay of what was missed), then live odds in seq order; after
// any disconnect, open a new connection that resumes from the last seq held per game.
import { withoutSecret } from './settings.js';

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 5_000;
/** Until two heartbeats show the server's period: three of the default 30 s. */
const DEFAULT_SILENCE_MS = 90_000;
const MIN_SILENCE_MS = 5_000;
const APPLIED_KEPT = 1_000;

export const STATES = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  RESUMED: 'resumed',
  NOT_RECOVERED: 'not-recovered',
  STOPPED: 'stopped',
  /** The server refuses this client (no secret, a wrong one, unknown, deactivated): no retry helps. */
  REFUSED: 'refused',
});

/**
 * One analyst's feed of a fixed set of games. `handlers` are told: state(state, detail),
 * snapshot(frame), odds(frame, {conflated}), subscribed(frame), stale(frame), serverError(frame),
 * refused(refusal); and asked refusal(): after a connection that never opened, a promise of
 * {refusal, restAnswers}: why the server refuses this client ({message, field}), or null when trying
 * again may work; and whether the REST API answered the check.
 */
export class Feed {
  /** `protocols`: the subprotocols to offer, which carry the secret (settings.js, socketProtocols). */
  constructor(url, protocols, gameIds, handlers) {
    this.url = url;
    this.protocols = protocols;
    this.games = new Set(gameIds);
    this.handlers = handlers;
    this.epoch = null;
    /** game → the last seq held: what a reconnect resumes from. */
    this.held = new Map();
    /** game → the seqs applied from odds frames, in order (for diagnostics and tests). */
    this.applied = new Map();
    this.gaps = 0;
    this.duplicates = 0;
    this.connections = 0;
    this.lastStarts = [];
    this.attempts = 0;
    this.subscribedOnce = false;
    this.socket = null;
    this.retryTimer = null;
    this.silenceMs = DEFAULT_SILENCE_MS;
    this.lastHeartbeatAt = 0;
    this.lastFrameAt = 0;
    this.stopped = false;
    this.state = STATES.CONNECTING;
  }

  start() {
    this.watchdog = setInterval(() => this.checkSilence(), 1_000);
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.watchdog);
    clearTimeout(this.retryTimer);
    if (this.socket) {
      this.socket.close(1000, 'settings changed');
      this.socket = null;
    }
    this.setState(STATES.STOPPED, '');
  }

  diagnostics() {
    return {
      url: withoutSecret(this.url),
      state: this.state,
      epoch: this.epoch,
      held: Object.fromEntries(this.held),
      applied: Object.fromEntries(this.applied),
      gaps: this.gaps,
      duplicates: this.duplicates,
      connections: this.connections,
      starts: this.lastStarts,
    };
  }

  connect() {
    if (this.games.size === 0) {
      this.setState(STATES.CONNECTED, 'no games to follow');
      return;
    }
    this.setState(this.subscribedOnce ? STATES.RECONNECTING : STATES.CONNECTING, this.subscribedOnce ? 'connecting again' : '');
    let socket;
    try {
      socket = new WebSocket(this.url, this.protocols);
    } catch (badUrl) {
      const shown = withoutSecret(this.url);
      this.setState(STATES.STOPPED, `cannot open ${shown}: ${badUrl.message.replaceAll(this.url, shown)}`);
      return;
    }
    this.socket = socket;
    const connection = { opened: false, subscribing: true, pending: [], snapshots: new Map() };
    socket.onopen = () => {
      connection.opened = true;
      this.connections++;
      this.lastFrameAt = Date.now();
      socket.send(JSON.stringify(this.subscribeMessage()));
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) {
        return;
      }
      this.lastFrameAt = Date.now();
      this.onFrame(connection, JSON.parse(event.data));
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      if (this.stopped) {
        return;
      }
      if (connection.opened) {
        this.retry(`closed ${event.code}${event.reason ? ': ' + event.reason : ''}`);
      } else {
        this.retryUnlessRefused();
      }
    };
    // An error is always followed by a close, which retries.
    socket.onerror = () => {};
  }

  subscribeMessage() {
    const message = { action: 'subscribe', games: [...this.games] };
    const seqs = {};
    for (const [game, seq] of this.held) {
      if (this.games.has(game)) {
        seqs[game] = seq;
      }
    }
    if (this.epoch && Object.keys(seqs).length > 0) {
      message.resume = { epoch: this.epoch, seqs };
    }
    return message;
  }

  onFrame(connection, frame) {
    switch (frame.kind) {
      case 'odds':
        if (!this.games.has(frame.gameId)) {
          return; // sent before the subscribe took effect: a connection starts with every game
        }
        if (connection.subscribing) {
          connection.pending.push(frame); // a replay, or a live update from before the subscribe
        } else {
          this.apply(frame);
        }
        return;
      case 'snapshot':
        if (this.games.has(frame.gameId)) {
          connection.snapshots.set(frame.gameId, frame.seq);
          this.handlers.snapshot(frame);
        }
        return;
      case 'subscribed':
        this.onSubscribed(connection, frame);
        return;
      case 'heartbeat':
        this.onHeartbeat(frame);
        return;
      case 'stale':
        if (this.games.has(frame.gameId)) {
          this.handlers.stale(frame);
        }
        return;
      case 'error':
        this.handlers.serverError(frame);
        return;
      default:
        return; // pong, unsubscribed, and kinds a newer server may add
    }
  }

  /**
   * Every game now has its start. A snapshot replaced what was held; a resumed game gets the
   * updates it missed, which arrived before this acknowledgement, in seq order without repeats.
   */
  onSubscribed(connection, frame) {
    connection.subscribing = false;
    this.epoch = frame.epoch;
    const byGame = new Map();
    for (const pending of connection.pending) {
      if (!byGame.has(pending.gameId)) {
        byGame.set(pending.gameId, []);
      }
      byGame.get(pending.gameId).push(pending);
    }
    for (const start of frame.games) {
      if (start.start !== 'resumed') {
        this.held.set(start.gameId, connection.snapshots.get(start.gameId) ?? start.seq);
      }
      const frames = (byGame.get(start.gameId) ?? []).sort((a, b) => a.seq - b.seq);
      frames.forEach((pending) => this.apply(pending));
      if ((this.held.get(start.gameId) ?? 0) < start.seq) {
        // Only a late update (an older provider date) can be newer than a snapshot's latest odds.
        this.held.set(start.gameId, start.seq);
      }
    }
    connection.pending = [];
    this.lastStarts = frame.games;
    this.attempts = 0;
    const notRecovered = frame.games.filter((g) => g.start === 'not_recovered').length;
    const resumed = frame.games.filter((g) => g.start === 'resumed').length;
    if (!this.subscribedOnce) {
      this.subscribedOnce = true;
      this.setState(STATES.CONNECTED, `subscribed to ${frame.games.length} games`);
    } else if (notRecovered > 0) {
      this.setState(STATES.NOT_RECOVERED, `${notRecovered} of ${frame.games.length} games started again from a snapshot`);
    } else if (resumed === frame.games.length) {
      this.setState(STATES.RESUMED, `${resumed} games resumed without a gap`);
    } else {
      this.setState(STATES.CONNECTED, `${resumed} games resumed, ${frame.games.length - resumed} from a snapshot`);
    }
    this.handlers.subscribed(frame);
  }

  apply(frame) {
    const last = this.held.get(frame.gameId) ?? 0;
    if (frame.seq <= last) {
      this.duplicates++; // a retried delivery, or a replay of a live update already taken
      return;
    }
    if (frame.seq !== last + 1 && !frame.conflated) {
      this.gaps++;
      console.warn(`sportsfeeds: ${frame.gameId} jumped from seq ${last} to ${frame.seq}`);
    }
    this.held.set(frame.gameId, frame.seq);
    let seqs = this.applied.get(frame.gameId);
    if (!seqs) {
      seqs = [];
      this.applied.set(frame.gameId, seqs);
    }
    seqs.push(frame.seq);
    if (seqs.length > APPLIED_KEPT) {
      seqs.splice(0, seqs.length - APPLIED_KEPT);
    }
    this.handlers.odds(frame, { conflated: Boolean(frame.conflated) });
  }

  onHeartbeat(frame) {
    const now = Date.now();
    if (this.lastHeartbeatAt > 0) {
      this.silenceMs = Math.max(MIN_SILENCE_MS, 3 * (now - this.lastHeartbeatAt));
    }
    this.lastHeartbeatAt = now;
    if (this.epoch && frame.epoch !== this.epoch) {
      // The store was reset under this connection: start again, and be told which games are not recovered.
      this.socket?.close(4000, 'epoch changed');
    }
  }

  /** A connection that hears nothing, not even heartbeats, is taken for dead and replaced. */
  checkSilence() {
    if (this.socket && this.socket.readyState === WebSocket.OPEN && Date.now() - this.lastFrameAt > this.silenceMs) {
      this.socket.close(4001, 'no heartbeat');
    }
  }

  /**
   * A browser is told nothing about a WebSocket that never opened (code 1006 only): a handshake the
   * server refused (401, 403, 400) looks just like a server that is down. The REST API checks the same
   * credentials, so the page asks it: a refusal there stops the feed; anything else is retried. When
   * the REST API answers but the WebSocket does not open, the WebSocket's own setting is the likely
   * culprit, and the analyst is told so rather than only "could not connect".
   */
  async retryUnlessRefused() {
    const { refusal, restAnswers } = await this.handlers.refusal();
    if (this.stopped) {
      return;
    }
    if (refusal) {
      this.stopped = true;
      clearInterval(this.watchdog);
      this.setState(STATES.REFUSED, refusal.message);
      this.handlers.refused(refusal);
    } else if (restAnswers) {
      const socket = new URL(this.url);
      this.retry(
        `the REST API answers, but the WebSocket at ${socket.protocol}//${socket.host}${socket.pathname} did not open: ` +
          'check the WebSocket URL in Settings (a proxy may not pass WebSockets, or the client holds too many connections)',
      );
    } else {
      this.retry('could not connect');
    }
  }

  retry(reason) {
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.attempts) * (0.8 + Math.random() * 0.4);
    this.attempts++;
    this.setState(STATES.RECONNECTING, `${reason}; retrying in ${(delay / 1000).toFixed(1)} s`);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  setState(state, detail) {
    this.state = state;
    this.handlers.state(state, detail);
  }
}
