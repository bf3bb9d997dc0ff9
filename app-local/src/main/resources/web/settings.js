// Where the page connects and as whom. Query parameters win (so a link can carry them), then what
// was last entered in the settings form; the secret is kept for this tab only, never in the address
// bar: a link's ?secret= is taken out of it as soon as the page reads it.

const STORED = 'sportsfeeds.settings';
const SECRET = 'sportsfeeds.secret';
export const FIELDS = ['api', 'ws', 'client', 'day', 'history'];
export const DEFAULT_HISTORY_MINUTES = 60;

export function readSettings() {
  const query = new URLSearchParams(location.search);
  const stored = parse(localStorage.getItem(STORED));
  const settings = {};
  for (const field of FIELDS) {
    settings[field] = (query.get(field) ?? stored[field] ?? '').trim();
  }
  settings.secret = query.get('secret') ?? sessionStorage.getItem(SECRET) ?? '';
  return settings;
}

/**
 * Moves a link's `?secret=` into this tab's session storage and out of the address bar (and so out of
 * the tab's history and screenshots), leaving the other parameters as they were written.
 */
export function takeSecretFromAddressBar() {
  const query = new URLSearchParams(location.search);
  if (!query.has('secret')) {
    return;
  }
  sessionStorage.setItem(SECRET, query.get('secret'));
  const others = location.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !new URLSearchParams(pair).has('secret'));
  history.replaceState(history.state, '', `${location.pathname}${others.length ? '?' + others.join('&') : ''}${location.hash}`);
}

/** Remembers the settings and shows them in the address bar (without the secret). */
export function saveSettings(settings) {
  const kept = {};
  const query = new URLSearchParams();
  for (const field of FIELDS) {
    if (settings[field]) {
      kept[field] = settings[field];
      query.set(field, settings[field]);
    }
  }
  localStorage.setItem(STORED, JSON.stringify(kept));
  sessionStorage.setItem(SECRET, settings.secret);
  history.replaceState(null, '', `${location.pathname}${query.size ? '?' + query : ''}`);
}

/** The REST API's base: the page's own server unless told otherwise (e.g. an API Gateway stage URL). */
export function apiBase(settings) {
  return (settings.api || location.origin).replace(/\/+$/, '');
}

/** The WebSocket endpoint with the client id; the secret goes in {@link socketProtocols}, never in the URL. */
export function socketUrl(settings) {
  const url = new URL(settings.ws || defaultSocket());
  url.searchParams.set('client', settings.client);
  if (settings.secret) {
    // A `ws` setting that holds one too would give it twice, which the server refuses.
    url.searchParams.delete('secret');
  }
  return url.toString();
}

/**
 * The subprotocols to offer: the secret, when one was entered, as `sportsfeeds.secret.<base64url>`
 * beside `sportsfeeds` (docs/PROTOCOL.md). A URL's query would put it in access logs and in the
 * browser's console on every failed attempt; the one header a page may set on an upgrade does not.
 */
export function socketProtocols(settings) {
  if (!settings.secret) {
    return [];
  }
  const bytes = new TextEncoder().encode(settings.secret);
  const base64 = btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(''));
  return ['sportsfeeds', `sportsfeeds.secret.${base64.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`];
}

/** A URL to show (diagnostics, messages): its secret, if any, replaced by `...`. */
export function withoutSecret(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return String(url).replace(/([?&]secret=)[^&#]*/gi, '$1...');
  }
  if (parsed.searchParams.has('secret')) {
    parsed.searchParams.set('secret', '...');
  }
  return parsed.toString();
}

export function defaultSocket() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function historyMinutes(settings) {
  const minutes = Number(settings.history);
  return Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_HISTORY_MINUTES;
}

function parse(text) {
  try {
    return JSON.parse(text ?? '{}') ?? {};
  } catch {
    return {};
  }
}
