// The board: one card per scheduled game, one row per market with its latest prices (flashing up or
// down when they change) and the time since its last update, and the game's history chart.
import { age, element, line, odds, toMillis, utc } from './format.js';

const FLASH_MS = 1_500;
const PRICES = [
  ['home', 'line'],
  ['homeOdds', 'odds'],
  ['away', 'line'],
  ['awayOdds', 'odds'],
];

export class Board {
  /** `charts` shows a game and market's history chart in a container (see history.js). */
  constructor(root, charts) {
    this.root = root;
    this.charts = charts;
    this.cards = new Map();
    this.visible = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const card = this.cards.get(entry.target.dataset.gameId);
        if (card) {
          card.setVisible(entry.isIntersecting);
        }
      }
    });
  }

  setGames(games) {
    this.visible.disconnect();
    this.cards.clear();
    this.root.replaceChildren();
    for (const game of games) {
      const card = new GameCard(game, this.charts);
      this.cards.set(game.gameId, card);
      this.root.append(card.el);
      this.visible.observe(card.el);
    }
  }

  snapshot(frame) {
    this.cards.get(frame.gameId)?.snapshot(frame);
  }

  odds(frame) {
    this.cards.get(frame.gameId)?.odds(frame, true);
  }

  stale(frame) {
    this.cards.get(frame.gameId)?.markStale(frame);
  }

  /** Where each game started on the latest connection: a game not recovered is marked so. */
  starts(games) {
    for (const start of games) {
      this.cards.get(start.gameId)?.setStart(start.start);
    }
  }

  /** The provider date (ms) of a market's latest odds on the board, if any. */
  latestDate(gameId, market) {
    const row = this.cards.get(gameId)?.markets.get(market);
    return row ? toMillis(row.latest.date) : undefined;
  }

  tick(now) {
    for (const card of this.cards.values()) {
      card.tick(now);
    }
  }
}

class GameCard {
  constructor(game, charts) {
    this.game = game;
    this.charts = charts;
    this.markets = new Map();
    this.selected = null;
    this.visible = false;
    this.staleSince = null;
    this.lastStoredAt = null;

    this.title = element('h2', { text: game.gameId });
    this.badges = element('div', { class: 'badges' });
    this.updated = element('span', { class: 'updated' });
    const meta = [game.sport, game.name, game.venue, utc(game.gameDate * 1000)].filter(Boolean).join(' · ');
    this.body = element('tbody', {}, emptyRow());
    this.chartTitle = element('div', { class: 'chart-title' });
    this.chart = element('div', { class: 'chart' });
    this.el = element(
      'article',
      { class: 'game', 'data-game-id': game.gameId },
      element('header', {}, element('div', { class: 'heading' }, this.title, this.badges), element('div', { class: 'meta' }, element('span', { text: meta }), this.updated)),
      element(
        'table',
        { class: 'markets' },
        element(
          'thead',
          {},
          element(
            'tr',
            {},
            element('th', { text: 'Market' }),
            element('th', { text: 'Home', colspan: '2' }),
            element('th', { text: 'Away', colspan: '2' }),
            element('th', { text: 'Updated' }),
          ),
        ),
        this.body,
      ),
      element('div', { class: 'chart-box' }, this.chartTitle, this.chart),
    );
  }

  setVisible(visible) {
    this.visible = visible;
    this.showChart();
  }

  snapshot(frame) {
    this.markets.clear();
    this.body.replaceChildren();
    for (const update of frame.odds) {
      this.odds(update, false);
    }
    if (this.markets.size === 0) {
      this.body.append(emptyRow());
    }
  }

  odds(update, live) {
    if (update.summary) {
      this.title.textContent = update.summary;
    }
    this.lastStoredAt = Math.max(this.lastStoredAt ?? 0, update.storedAt);
    if (live) {
      this.clearStale();
    }
    let row = this.markets.get(update.market);
    if (!row) {
      row = new MarketRow(update.market, () => this.select(update.market));
      this.markets.set(update.market, row);
      this.body.querySelector('.empty')?.remove();
      const after = [...this.markets.keys()].sort().indexOf(update.market);
      this.body.insertBefore(row.el, this.body.children[after] ?? null);
      row.set(update, false);
    } else if (isNewer(update, row.latest)) {
      row.set(update, live);
    }
    if (!this.selected) {
      this.select([...this.markets.keys()].sort()[0]);
    }
    this.tick(Date.now());
  }

  select(market) {
    this.selected = market;
    for (const [name, row] of this.markets) {
      row.el.classList.toggle('selected', name === market);
    }
    this.showChart();
  }

  showChart() {
    if (this.visible && this.selected) {
      this.chartTitle.textContent = `${this.selected}: history (click a market to switch)`;
      this.charts.show(this.game.gameId, this.selected, this.chart);
    }
  }

  markStale(frame) {
    this.staleSince = frame.lastStoredAt;
    this.el.classList.add('stale');
    this.el.dataset.stale = 'true';
    this.badge('stale', 'STALE');
    this.tick(Date.now());
  }

  clearStale() {
    if (this.staleSince !== null) {
      this.staleSince = null;
      this.el.classList.remove('stale');
      delete this.el.dataset.stale;
      this.badge('stale', null);
    }
  }

  setStart(start) {
    this.el.dataset.start = start;
    this.badge('not-recovered', start === 'not_recovered' ? 'NOT RECOVERED: reloaded from a snapshot' : null);
  }

  badge(kind, text) {
    const existing = this.badges.querySelector(`.badge.${kind}`);
    if (!text) {
      existing?.remove();
    } else if (existing) {
      existing.textContent = text;
    } else {
      this.badges.append(element('span', { class: `badge ${kind}`, text }));
    }
  }

  tick(now) {
    for (const row of this.markets.values()) {
      row.tick(now);
    }
    if (this.staleSince !== null) {
      this.badge('stale', `STALE · quiet ${age(now - this.staleSince)}`);
    }
    this.updated.textContent = this.lastStoredAt ? `updated ${age(now - this.lastStoredAt)} ago` : 'no odds yet';
  }
}

class MarketRow {
  constructor(market, onSelect) {
    this.market = market;
    this.latest = null;
    this.cells = {};
    this.el = element('tr', { class: 'market', 'data-market': market, title: 'show this market\u2019s history' });
    this.status = element('span', { class: 'status' });
    this.el.append(element('td', { class: 'name' }, element('span', { text: market }), this.status));
    for (const [field] of PRICES) {
      this.cells[field] = element('td', { class: `price ${field}` });
      this.el.append(this.cells[field]);
    }
    this.age = element('td', { class: 'age' });
    this.el.append(this.age);
    this.el.addEventListener('click', onSelect);
  }

  set(update, flash) {
    const previous = this.latest;
    this.latest = update;
    this.el.dataset.seq = update.seq;
    this.el.dataset.open = String(update.isOpen !== false);
    for (const [field, kind] of PRICES) {
      const cell = this.cells[field];
      cell.textContent = kind === 'odds' ? odds(update[field]) : line(update[field], this.market);
      if (flash && previous && previous[field] !== update[field]) {
        flashCell(cell, update[field] > previous[field] ? 'up' : 'down');
      }
    }
    const suspended = update.isOpen === false;
    this.el.classList.toggle('suspended', suspended);
    this.status.replaceChildren(suspended ? element('span', { class: 'badge suspended', text: 'SUSPENDED' }) : '');
  }

  tick(now) {
    this.age.textContent = `${age(now - this.latest.storedAt)} ago`;
  }
}

/** The latest odds of a market are the newest by provider date, as the server keeps them. */
function isNewer(update, current) {
  const date = toMillis(update.date);
  const currentDate = toMillis(current.date);
  return date > currentDate || (date === currentDate && update.seq > current.seq);
}

function flashCell(cell, direction) {
  cell.classList.remove('flash-up', 'flash-down', 'up', 'down');
  void cell.offsetWidth; // restart the animation
  cell.classList.add(`flash-${direction}`, direction);
  clearTimeout(cell.flashTimer);
  cell.flashTimer = setTimeout(() => cell.classList.remove(`flash-${direction}`), FLASH_MS);
}

function emptyRow() {
  return element('tr', { class: 'empty' }, element('td', { colspan: '6', text: 'no odds yet' }));
}
