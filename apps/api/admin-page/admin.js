// The admin page: asks for the admin key, then reads /stats, /stats/daily and /health.
// Plain browser JavaScript served as-is (no build step); Chart.js is loaded before it.
'use strict';

(() => {
  // sessionStorage: the key survives a reload of this tab and is gone when the tab closes.
  const KEY_STORAGE = 'sighej.adminKey';
  const REFRESH_MS = 12_000;
  const CHART_DAYS = 30;

  const $ = (id) => document.getElementById(id);
  let adminKey = sessionStorage.getItem(KEY_STORAGE);
  let refreshTimer;
  let chart;

  /** A non-2xx answer (or no answer), worded for the admin. */
  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function serverMessage(body, fallback) {
    const message = body && body.message;
    if (Array.isArray(message)) return message.join('; ');
    return typeof message === 'string' && message !== '' ? message : fallback;
  }

  function retryHint(response) {
    const seconds = Number(response.headers.get('Retry-After'));
    if (!Number.isFinite(seconds) || seconds <= 0) return 'Try again shortly.';
    const at = new Date(Date.now() + seconds * 1000).toLocaleTimeString();
    return `You can try again at ${at}.`;
  }

  async function getJson(path) {
    let response;
    try {
      response = await fetch(path, {
        headers: { Accept: 'application/json', Authorization: `Bearer ${adminKey}` },
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'The service cannot be reached; the page keeps trying.');
    }
    const body = await response.json().catch(() => undefined);
    if (response.ok) return body;
    const message = serverMessage(body, `${response.status} ${response.statusText}`);
    if (response.status === 429) throw new ApiError(429, `${message}. ${retryHint(response)}`);
    throw new ApiError(response.status, message);
  }

  function addDays(day, days) {
    const date = new Date(`${day}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  }

  function show(element, text) {
    element.textContent = text;
    element.hidden = text === '';
  }

  function listCategories(list, categories) {
    list.replaceChildren(
      ...categories.map((category) => Object.assign(document.createElement('li'), { textContent: category })),
    );
    if (categories.length === 0) {
      list.append(
        Object.assign(document.createElement('li'), {
          className: 'empty',
          textContent: 'None above the threshold',
        }),
      );
    }
  }

  /** Today's figures; returns the service's "today" (STATS_TIMEZONE) for the chart and picker. */
  async function refreshToday() {
    const today = await getJson('/stats');
    $('sessions-today').textContent = String(today.total_sessions_today);
    $('matches-today').textContent = String(today.total_matches_today);
    $('active-now').textContent = String(today.active_sessions_now);
    $('today-date').textContent = today.date;
    $('updated-at').textContent = new Date().toLocaleTimeString();
    listCategories($('top-categories'), today.top_interest_categories);
    const picker = $('past-date');
    picker.max = today.date;
    if (picker.value === '') picker.value = addDays(today.date, -1);
    return today.date;
  }

  async function refreshChart(today) {
    const from = addDays(today, 1 - CHART_DAYS);
    const { days } = await getJson(`/stats/daily?from=${from}&to=${today}`);
    const labels = days.map((day) => day.date.slice(5));
    const sessions = days.map((day) => day.total_sessions);
    const matches = days.map((day) => day.total_matches);
    if (chart === undefined) {
      chart = new window.Chart($('daily-chart'), {
        type: 'bar',
        data: {
          labels,
          datasets: [
            { label: 'Sessions', data: sessions, backgroundColor: '#2f6fdb' },
            { label: 'Matches', data: matches, backgroundColor: '#e0883b' },
          ],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    } else {
      chart.data.labels = labels;
      chart.data.datasets[0].data = sessions;
      chart.data.datasets[1].data = matches;
      chart.update();
    }
  }

  async function refreshHealth() {
    const status = $('health-status');
    let body;
    let ok = false;
    try {
      // Readiness is public; 503 still carries each dependency's status.
      const response = await fetch('/health', { headers: { Accept: 'application/json' }, cache: 'no-store' });
      ok = response.ok;
      body = await response.json().catch(() => undefined);
    } catch {
      body = undefined;
    }
    status.textContent =
      body === undefined ? 'The service cannot be reached' : ok ? 'Serving phones' : 'Not ready';
    status.className = ok ? 'up' : 'down';
    const details = (body && body.details) || {};
    $('health-details').replaceChildren(
      ...Object.entries(details).map(([name, detail]) => {
        const item = document.createElement('li');
        const up = detail && detail.status === 'up';
        item.className = up ? 'up' : 'down';
        const note = detailNote(name, detail);
        item.textContent = `${dependencyName(name, detail)}: ${up ? 'up' : 'down'}${note ? ` (${note})` : ''}`;
        return item;
      }),
    );
  }

  function plural(count, one, many) {
    return `${count} ${count === 1 ? one : many}`;
  }

  /** The push line counts the last hour's pushes; every other line says what its check says. */
  function detailNote(name, detail) {
    if (name === 'push' && detail && typeof detail.sent === 'number' && typeof detail.failed === 'number')
      return `${plural(detail.sent, 'push', 'pushes')} sent / ${detail.failed} failed in the last hour`;
    return detail && detail.message;
  }

  /** In embedded mode there is no Redis and no Postgres server: say what stands in for them. */
  function dependencyName(name, detail) {
    const mode = detail && detail.mode;
    if (name === 'redis' && mode === 'in-process') return 'sessions and nudges (in this process, no Redis)';
    if (name === 'postgres' && mode === 'embedded') return 'stats (embedded Postgres, PGlite)';
    return name;
  }

  function signOut(message) {
    clearTimeout(refreshTimer);
    adminKey = null;
    sessionStorage.removeItem(KEY_STORAGE);
    $('dashboard').hidden = true;
    $('sign-out').hidden = true;
    $('login').hidden = false;
    show($('login-error'), message);
    $('admin-key').focus();
  }

  /** One refresh of every panel; a failing panel says why and the others still update. */
  async function refresh() {
    clearTimeout(refreshTimer);
    const health = refreshHealth();
    try {
      const today = await refreshToday();
      show($('notice'), '');
      try {
        await refreshChart(today);
        show($('daily-error'), '');
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        show($('daily-error'), error.message);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // The key was refused (or changed on the server): back to the key prompt.
      if (error.status === 401) return signOut(error.message);
      show($('notice'), error.message);
    } finally {
      await health;
      if (adminKey !== null) refreshTimer = setTimeout(() => void refresh(), REFRESH_MS);
    }
  }

  async function signIn(event) {
    event.preventDefault();
    adminKey = $('admin-key').value.trim();
    show($('login-error'), '');
    try {
      await getJson('/stats');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // 401 and 429 mean the key was not accepted; anything else (503) is shown on the page.
      if (error.status === 401 || error.status === 429) {
        adminKey = null;
        return show($('login-error'), error.message);
      }
    }
    sessionStorage.setItem(KEY_STORAGE, adminKey);
    $('admin-key').value = '';
    openDashboard();
  }

  async function showPastDay(event) {
    event.preventDefault();
    const day = $('past-date').value;
    try {
      const stats = await getJson(`/stats?date=${encodeURIComponent(day)}`);
      $('past-sessions').textContent = String(stats.total_sessions_today);
      $('past-matches').textContent = String(stats.total_matches_today);
      $('past-categories').textContent =
        stats.top_interest_categories.join(', ') || 'None above the threshold';
      $('past-result').hidden = false;
      show($('past-error'), '');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401) return signOut(error.message);
      $('past-result').hidden = true;
      show($('past-error'), error.message);
    }
  }

  function openDashboard() {
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('sign-out').hidden = false;
    void refresh();
  }

  $('login').addEventListener('submit', (event) => void signIn(event));
  $('past-day').addEventListener('submit', (event) => void showPastDay(event));
  $('sign-out').addEventListener('click', () => signOut(''));
  if (adminKey === null) signOut('');
  else openDashboard();
})();
