// History charts: each game and market's odds from the history endpoint, merged with the live
// updates (by seq, so none is counted twice), drawn with uPlot.
import uPlot from 'uplot';
import { toMillis } from './format.js';

const PAGE = 10_000; // the history endpoint's largest limit
const MAX_PAGES = 5;
const MAX_POINTS = 20_000;
const HEIGHT = 200;
const COLORS = { home: '#4fc3f7', away: '#ffb74d', line: '#9e9e9e' };

export class Histories {
  /**
   * @param rest reads the history endpoint
   * @param windowMinutes how far back from a market's latest update the chart starts
   * @param latestDate (gameId, market) → the provider date (ms) of the latest odds on the board
   * @param onProblem told when a history read fails
   */
  constructor(rest, windowMinutes, latestDate, onProblem) {
    this.rest = rest;
    this.windowMs = windowMinutes * 60_000;
    this.latestDate = latestDate;
    this.onProblem = onProblem;
    this.series = new Map();
    this.shown = new Map(); // container → series
    addEventListener('resize', () => {
      for (const series of this.shown.values()) {
        series.resize();
      }
    });
  }

  /** A live update: added to its chart, drawn at once when shown. A chart never shown reads it from the history later. */
  add(update) {
    const series = this.series.get(key(update.gameId, update.market));
    if (series && series.state !== 'idle') {
      series.add([update]);
    }
  }

  /** Shows a game and market's chart in `container`, reading its history the first time. */
  show(gameId, market, container) {
    const series = this.get(gameId, market);
    const before = this.shown.get(container);
    if (before === series) {
      return;
    }
    before?.detach();
    this.shown.set(container, series);
    series.attach(container);
    if (series.state === 'idle') {
      this.load(series);
    }
  }

  /**
   * Starts a game's charts again from the history endpoint: after a snapshot marked not recovered,
   * updates were missed, and seqs from another store's epoch mean other updates.
   */
  reset(gameId) {
    for (const series of this.series.values()) {
      if (series.gameId === gameId) {
        series.clear();
        if (series.state !== 'idle') {
          this.load(series);
        }
      }
    }
  }

  /** Reads one chart again: a conflated update stood in for others that the chart should show. */
  refill(gameId, market) {
    const series = this.series.get(key(gameId, market));
    if (series && series.state !== 'idle') {
      clearTimeout(series.refillTimer);
      series.refillTimer = setTimeout(() => this.load(series), 1_000);
    }
  }

  get(gameId, market) {
    const k = key(gameId, market);
    let series = this.series.get(k);
    if (!series) {
      series = new Series(gameId, market, this.windowMs);
      this.series.set(k, series);
    }
    return series;
  }

  async load(series) {
    series.setState('loading');
    const anchor = this.latestDate(series.gameId, series.market) ?? Date.now();
    const from = Math.max(1, anchor - this.windowMs);
    // Pages follow the seq cursor, not the dates: any number of updates may share one date.
    let afterSeq = 0;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const body = await this.rest.get(`/games/${encodeURIComponent(series.gameId)}/odds`, {
          market: series.market,
          from,
          limit: PAGE,
          afterSeq,
        });
        series.add(body.odds);
        if (!body.next) {
          break;
        }
        afterSeq = body.next.afterSeq;
      }
      series.setState('ready');
    } catch (failure) {
      series.setState('error');
      this.onProblem(`history of ${series.gameId} ${series.market}: ${failure.message}`);
    }
  }
}

class Series {
  constructor(gameId, market, windowMs) {
    this.gameId = gameId;
    this.market = market;
    this.windowMs = windowMs;
    this.points = new Map(); // seq → update
    this.state = 'idle';
    this.container = null;
    this.plot = null;
    this.withLine = false;
  }

  add(updates) {
    let added = false;
    for (const update of updates) {
      if (!this.points.has(update.seq)) {
        this.points.set(update.seq, update);
        added = true;
      }
    }
    // The chart shows the window before its newest update, at most MAX_POINTS of it.
    const sorted = [...this.points.values()].sort(byDate);
    const since = sorted.length ? toMillis(sorted[sorted.length - 1].date) - this.windowMs : 0;
    sorted.forEach((update, i) => {
      if (toMillis(update.date) < since || i < sorted.length - MAX_POINTS) {
        this.points.delete(update.seq);
      }
    });
    if (added) {
      this.draw();
    }
  }

  clear() {
    this.points.clear();
    this.draw();
  }

  setState(state) {
    this.state = state;
    if (this.container) {
      this.container.dataset.state = state;
    }
  }

  attach(container) {
    this.container = container;
    container.dataset.gameId = this.gameId;
    container.dataset.market = this.market;
    container.dataset.state = this.state;
    this.draw();
  }

  detach() {
    this.plot?.destroy();
    this.plot = null;
    this.container = null;
  }

  resize() {
    this.plot?.setSize({ width: this.container.clientWidth, height: HEIGHT });
  }

  draw() {
    if (!this.container) {
      return;
    }
    const sorted = [...this.points.values()].sort(byDate);
    const withLine = sorted.some((u) => u.home !== 0 || u.away !== 0);
    const data = [
      sorted.map((u) => toMillis(u.date) / 1000),
      sorted.map((u) => u.homeOdds),
      sorted.map((u) => u.awayOdds),
    ];
    if (withLine) {
      data.push(sorted.map((u) => u.home));
    }
    this.container.dataset.points = String(sorted.length);
    this.container.dataset.lastSeq = String(sorted.length ? Math.max(...this.points.keys()) : 0);
    if (!this.plot || withLine !== this.withLine) {
      this.plot?.destroy();
      this.withLine = withLine;
      this.plot = new uPlot(options(this.container.clientWidth, withLine), data, this.container);
    } else {
      this.plot.setData(data);
    }
  }
}

function options(width, withLine) {
  const stepped = uPlot.paths.stepped({ align: 1 });
  const axis = { stroke: '#8a96a8', grid: { stroke: '#1f2a38', width: 1 }, ticks: { stroke: '#1f2a38' } };
  const series = [
    { label: 'time (UTC)', value: (u, seconds) => (seconds == null ? '--' : clock(seconds, true)) },
    { label: 'home odds', stroke: COLORS.home, width: 1.5, paths: stepped, points: { size: 4 } },
    { label: 'away odds', stroke: COLORS.away, width: 1.5, paths: stepped, points: { size: 4 } },
  ];
  const axes = [{ ...axis, space: 70, values: (u, splits) => timeLabels(splits) }, { ...axis, size: 44 }];
  const scales = { x: { time: true, range: timeRange } };
  if (withLine) {
    series.push({ label: 'home line', scale: 'line', stroke: COLORS.line, width: 1, dash: [4, 3], paths: stepped, points: { show: false } });
    axes.push({ ...axis, scale: 'line', side: 1, size: 52, grid: { show: false } });
    scales.line = { auto: true };
  }
  return {
    width: Math.max(200, width),
    height: HEIGHT,
    scales,
    series,
    axes,
    legend: { live: true },
  };
}

/** The data's span, widened to a minute at least: one point (uPlot would show a day) or a burst stays readable. */
function timeRange(u, min, max) {
  const xs = u.data[0];
  if (xs.length === 0) {
    return [min, max];
  }
  const first = xs[0];
  const last = xs[xs.length - 1];
  const pad = Math.max(0, 60 - (last - first)) / 2;
  return [first - pad, last + pad];
}

/** UTC clock times; with the date when the axis spans more than a day, with seconds under ten minutes. */
function timeLabels(splits) {
  const span = splits.length > 1 ? splits[splits.length - 1] - splits[0] : 0;
  return splits.map((seconds) => (span > 86_400 ? `${day(seconds)} ${clock(seconds, false)}` : clock(seconds, span < 600)));
}

function clock(seconds, withSeconds) {
  return new Date(seconds * 1000).toISOString().slice(11, withSeconds ? 19 : 16);
}

function day(seconds) {
  return new Date(seconds * 1000).toISOString().slice(5, 10);
}

function byDate(a, b) {
  return toMillis(a.date) - toMillis(b.date) || a.seq - b.seq;
}

function key(gameId, market) {
  return `${gameId}\n${market}`;
}
