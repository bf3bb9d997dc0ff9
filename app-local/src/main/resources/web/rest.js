// Reads of the REST API, as the analyst: with a secret entered, the credentials go in the headers
// x-client-id and x-client-secret.
import { apiBase } from './settings.js';

export class Rest {
  constructor(settings) {
    this.base = apiBase(settings);
    this.headers = { Accept: 'application/json' };
    if (settings.secret) {
      this.headers['x-client-id'] = settings.client;
      this.headers['x-client-secret'] = settings.secret;
    }
  }

  /** The JSON body of a GET; a failure says what was asked and what came back. */
  async get(path, params = {}) {
    const url = new URL(this.base + path);
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') {
        url.searchParams.set(name, value);
      }
    }
    const response = await fetch(url, { headers: this.headers, cache: 'no-store' });
    const text = await response.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      // reported below when the status is not OK; an OK response must be JSON
    }
    if (!response.ok || body === null) {
      const why = body?.message ?? (text.slice(0, 200) || response.statusText);
      const fields = Array.isArray(body?.fields) ? body.fields.map((field) => field.field) : [];
      throw new RestError(`GET ${url.pathname} answered ${response.status}: ${why}`, response.status, body?.error ?? null, fields);
    }
    return body;
  }
}

/**
 * An answer that was not OK: its status, the server's error code (`invalid_secret`) and the names of
 * the fields it blamed (`date`), when it gave them.
 */
export class RestError extends Error {
  constructor(message, status, code, fields = []) {
    super(message);
    this.name = 'RestError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** A refusal of the request itself (its credentials or parameters): asking again gets the same answer. */
  get refused() {
    return this.status === 400 || this.status === 401 || this.status === 403;
  }
}
