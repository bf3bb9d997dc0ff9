// Small formatting helpers shared by the board and the charts.

/** Provider dates come in epoch seconds or milliseconds; as the server does, below 10^11 is seconds. */
export function toMillis(date) {
  return date < 100_000_000_000 ? date * 1000 : date;
}

/** How long ago, coarse enough to read at a glance: 4s, 2m 5s, 3h 10m, 2d. */
export function age(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) {
    return `${seconds}s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes}m ${seconds % 60}s`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return `${hours}h ${minutes % 60}m`;
  }
  return `${Math.floor(hours / 24)}d`;
}

/** American odds always carry their sign: +130, -150. */
export function odds(value) {
  if (value === undefined || value === null) {
    return '–';
  }
  return value > 0 ? `+${trim(value)}` : trim(value);
}

/** A spread line carries its sign; a total does not; a moneyline has none. */
export function line(value, market) {
  if (value === undefined || value === null || market.includes('moneyline')) {
    return '–';
  }
  return market.includes('spread') && value > 0 ? `+${trim(value)}` : trim(value);
}

function trim(value) {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** A UTC time as YYYY-MM-DD HH:MM UTC: analysts in several time zones read the same thing. */
export function utc(epochMillis) {
  return `${new Date(epochMillis).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') {
      node.className = value;
    } else if (name === 'text') {
      node.textContent = value;
    } else {
      node.setAttribute(name, value);
    }
  }
  node.append(...children);
  return node;
}
