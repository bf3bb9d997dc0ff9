// The page: reads the settings, lists the scheduled games, follows them over the WebSocket, and
// keeps the board, the charts and the connection state up to date.
import { Board } from './board.js';
import { Feed, STATES } from './feed.js';
import { Histories } from './history.js';
import { Rest, RestError } from './rest.js';
import {
  defaultSocket,
  FIELDS,
  historyMinutes,
  readSettings,
  saveSettings,
  socketProtocols,
  socketUrl,
  takeSecretFromAddressBar,
} from './settings.js';

/** The most games one connection may subscribe to (docs/PROTOCOL.md). */
const MAX_GAMES = 500;
const LABELS = {
  [STATES.CONNECTING]: 'Connecting',
  [STATES.CONNECTED]: 'Connected',
  [STATES.RECONNECTING]: 'Reconnecting',
  [STATES.RESUMED]: 'Resumed',
  [STATES.NOT_RECOVERED]: 'Not recovered',
  [STATES.STOPPED]: 'Not connected',
  [STATES.REFUSED]: 'Refused',
};

const ui = {
  connection: document.getElementById('connection'),
  detail: document.getElementById('connection-detail'),
  summary: document.getElementById('games-summary'),
  problems: document.getElementById('problems'),
  settings: document.getElementById('settings'),
  form: document.getElementById('settings-form'),
  board: document.getElementById('board'),
};

let session = null;

class Session {
  constructor(settings) {
    this.settings = settings;
    this.rest = new Rest(settings);
    this.board = new Board(ui.board, null);
    this.histories = new Histories(
      this.rest,
      historyMinutes(settings),
      (gameId, market) => this.board.latestDate(gameId, market),
      (problem) => showProblem(problem),
    );
    this.board.charts = this.histories;
    this.feed = null;
    this.stopped = false;
    this.ticker = setInterval(() => this.board.tick(Date.now()), 1_000);
  }

  async start() {
    showState(STATES.CONNECTING, 'reading the scheduled games');
    const games = await this.scheduledGames();
    if (this.stopped) {
      return;
    }
    const shown = games.slice(0, MAX_GAMES);
    const day = this.settings.day ? `on ${this.settings.day}` : 'scheduled (every day)';
    ui.summary.textContent =
      games.length > MAX_GAMES ? `${shown.length} of ${games.length} games ${day}` : `${games.length} games ${day}`;
    this.board.setGames(shown);
    this.feed = new Feed(socketUrl(this.settings), socketProtocols(this.settings), shown.map((game) => game.gameId), {
      state: (state, detail) => showState(state, detail),
      snapshot: (frame) => {
        this.board.snapshot(frame);
        if (!frame.recovered) {
          this.histories.reset(frame.gameId);
        }
      },
      odds: (frame, { conflated }) => {
        this.board.odds(frame);
        this.histories.add(frame);
        if (conflated) {
          this.histories.refill(frame.gameId, frame.market);
        }
      },
      subscribed: (frame) => this.board.starts(frame.games),
      stale: (frame) => this.board.stale(frame),
      serverError: (frame) => showProblem(`server: ${frame.code}: ${frame.message}`),
      refusal: () => this.refusal(),
      refused: (refusal) => showRefusal(refusal),
    });
    this.feed.start();
  }

  /**
   * The games list, read again after a failure until it comes (the server may be starting); but not
   * when the server refuses this client, which no retry changes.
   */
  async scheduledGames() {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const body = await this.rest.get('/games', this.settings.day ? { date: this.settings.day } : {});
        return body.games.sort((a, b) => a.gameDate - b.gameDate || a.gameId.localeCompare(b.gameId));
      } catch (failure) {
        const refusal = refusalOf(failure, this.settings.client);
        if (refusal) {
          this.stop();
          showState(STATES.REFUSED, refusal.message);
          showRefusal(refusal);
          return [];
        }
        showProblem(failure.message);
        showState(STATES.RECONNECTING, 'the games could not be read; trying again');
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * 2 ** attempt)));
      }
    }
    return [];
  }

  /**
   * Why the server refuses this client, asked of the REST API (which checks the same credentials as
   * the WebSocket handshake, whose answer a browser cannot read): {refusal} (null when it does not
   * refuse it), and {restAnswers}, whether the REST API accepted the request.
   */
  async refusal() {
    try {
      await this.rest.get('/games', { date: new Date().toISOString().slice(0, 10) });
      return { refusal: null, restAnswers: true };
    } catch (failure) {
      return { refusal: refusalOf(failure, this.settings.client), restAnswers: false };
    }
  }

  stop() {
    this.stopped = true;
    clearInterval(this.ticker);
    this.feed?.stop();
  }
}

/**
 * What the analyst should be told, and which setting to change, when the server refuses the
 * client's credentials; null for any other failure (a server down or busy, a network error).
 */
function refusalOf(failure, client) {
  if (failure instanceof RestError && failure.status === 404) {
    // The REST URL leads somewhere without this API (a mistyped path, another server): no retry helps.
    return { field: 'api', message: `${failure.message}: check the REST URL in Settings` };
  }
  if (!(failure instanceof RestError) || !failure.refused) {
    return null;
  }
  switch (failure.code) {
    case 'missing_credentials':
      return { field: 'secret', message: `the server needs the secret of ${client}: enter it in Settings` };
    case 'invalid_secret':
      return { field: 'secret', message: `the secret of ${client} is wrong: enter the right one in Settings` };
    case 'unknown_client':
      return { field: 'client', message: `${client} is not a registered client: check the client id in Settings` };
    case 'inactive_client':
      return { field: 'client', message: `${client} is deactivated: ask an admin to make it active again` };
    default:
      if (failure.status === 400) {
        // The request itself: a setting the page sends as a parameter or header is wrong.
        const field = SETTING_OF[failure.fields[0]] ?? null;
        return { field, message: `the server refuses the request: ${failure.message}` };
      }
      return { field: 'client', message: `the server refuses ${client}: ${failure.message}` };
  }
}

/** The setting behind each parameter or header the page sends, as the server names it in an error. */
const SETTING_OF = {
  date: 'day',
  'x-client-id': 'client',
  'x-client-secret': 'secret',
};

function showState(state, detail) {
  ui.connection.dataset.state = state;
  ui.connection.textContent = LABELS[state] ?? state;
  ui.detail.textContent = detail ?? '';
}

/** Opens the settings at the field to change: the feed has stopped, and only new settings help. */
function showRefusal(refusal) {
  ui.settings.open = true;
  ui.form.elements[refusal.field]?.focus();
}

function showProblem(text) {
  ui.problems.textContent = `${new Date().toISOString().slice(11, 19)} UTC ${text}`;
  ui.problems.hidden = false;
}

function fillForm(settings) {
  for (const field of [...FIELDS, 'secret']) {
    ui.form.elements[field].value = settings[field] ?? '';
  }
  ui.form.elements.api.placeholder = location.origin;
  ui.form.elements.ws.placeholder = defaultSocket();
}

function connect(settings) {
  session?.stop();
  ui.problems.hidden = true;
  if (!settings.client) {
    session = null;
    ui.settings.open = true;
    showState(STATES.STOPPED, 'enter a client id in the settings');
    return;
  }
  session = new Session(settings);
  session.start();
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const settings = {};
  for (const field of [...FIELDS, 'secret']) {
    settings[field] = ui.form.elements[field].value.trim();
  }
  saveSettings(settings);
  ui.settings.open = false;
  connect(settings);
});

// For the browser tests and for a look from the console: what the feed holds.
window.sportsfeeds = { diagnostics: () => session?.feed?.diagnostics() ?? null };

takeSecretFromAddressBar();
const initial = readSettings();
fillForm(initial);
connect(initial);
