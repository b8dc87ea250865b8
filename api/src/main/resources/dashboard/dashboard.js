// The milink dashboard: signs in with a bearer token (kept in sessionStorage, sent only in the Authorization header),
// lists the links from GET /v1/links, follows GET /v1/events with fetch() and a stream reader (EventSource cannot send
// an Authorization header, and a token in the address would end up in logs), and runs a planned failover or the
// cutover after a confirmation that shows the gates (POST /v1/links/{name}/failover/check) and sends their ETag as
// If-Match. No library, no build step; the Content-Security-Policy allows this file and the stylesheet only.
'use strict';

(() => {
  const TOKEN_KEY = 'milink.token';
  const ACTIVITY_LIMIT = 100;
  const links = new Map(); // name -> {status, etag, error, target, alerts: Map(id -> alert), article}
  const CHECKLIST_MAX_AGE_MILLIS = 30000;
  const checklists = new Map(); // target -> {at, report: Promise of the latest preflight report, or null}
  let lastEventId = null;
  let retryMillis = 3000;
  let streamAbort = null;
  let signedIn = false;
  let dialogState = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name === 'text') {
        node.textContent = value;
      } else if (name === 'className') {
        node.className = value;
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children) {
      if (child !== null && child !== undefined) {
        node.append(child);
      }
    }
    return node;
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function api(path, options) {
    const init = Object.assign({ cache: 'no-store', credentials: 'omit' }, options || {});
    init.headers = Object.assign({}, init.headers || {}, { Authorization: 'Bearer ' + token() });
    return fetch(path, init);
  }

  async function problemText(response) {
    try {
      const problem = await response.json();
      return problem.detail || problem.title || ('HTTP ' + response.status);
    } catch (e) {
      return 'HTTP ' + response.status;
    }
  }

  function announce(text) {
    const live = $('live');
    live.textContent = '';
    // Emptied first, so screen readers announce the same words twice in a row too.
    window.setTimeout(() => { live.textContent = text; }, 50);
  }

  function activity(text) {
    const list = $('activity');
    list.prepend(el('li', { text: new Date().toLocaleTimeString() + ' ' + text }));
    while (list.children.length > ACTIVITY_LIMIT) {
      list.lastElementChild.remove();
    }
  }

  // ---- sign in and out ------------------------------------------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    const value = $('token').value.trim();
    $('sign-in-error').textContent = '';
    if (!value) {
      $('sign-in-error').textContent = 'Enter a token (milink token create prints one).';
      $('token').focus();
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    await start();
  }

  async function start() {
    let response;
    try {
      response = await api('/v1/links');
    } catch (e) {
      showSignIn('The service did not answer: ' + e.message + '. Check that milink serve runs, then sign in again.');
      return;
    }
    if (response.status === 401 || response.status === 403) {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn('This token was refused (' + await problemText(response) + '). Use a token from milink token '
        + 'create.');
      return;
    }
    if (!response.ok) {
      showSignIn('The links could not be read: ' + await problemText(response));
      return;
    }
    const body = await response.json();
    signedIn = true;
    $('sign-in').hidden = true;
    $('dashboard').hidden = false;
    $('session').hidden = false;
    for (const item of body.items) {
      update(item.name, { status: item.status, etag: item.etag, error: item.error || null });
    }
    $('no-links').hidden = links.size > 0;
    $('links-title').focus();
    announce('Signed in; ' + links.size + ' link(s).');
    follow();
  }

  function showSignIn(message) {
    signedIn = false;
    $('dashboard').hidden = true;
    $('session').hidden = true;
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message || '';
    $('token').focus();
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    if (streamAbort) {
      streamAbort.abort();
    }
    links.clear();
    $('links').replaceChildren();
    $('activity').replaceChildren();
    lastEventId = null;
    showSignIn('Signed out.');
  }

  // ---- the event stream -----------------------------------------------------------------------------------------

  function setConnection(text, live) {
    const node = $('connection');
    node.textContent = text;
    node.classList.toggle('live', !!live);
  }

  async function follow() {
    while (signedIn) {
      const controller = new AbortController();
      streamAbort = controller;
      try {
        const headers = { Authorization: 'Bearer ' + token() };
        if (lastEventId) {
          headers['Last-Event-ID'] = lastEventId;
        }
        const response = await fetch('/v1/events', { headers, cache: 'no-store', credentials: 'omit',
          signal: controller.signal });
        if (response.status === 401 || response.status === 403) {
          sessionStorage.removeItem(TOKEN_KEY);
          showSignIn('The token is no longer accepted; sign in again.');
          return;
        }
        if (!response.ok) {
          throw new Error(await problemText(response));
        }
        setConnection('Live', true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) {
            break;
          }
          buffer += value.replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            dispatch(block);
          }
        }
      } catch (e) {
        if (!signedIn) {
          return;
        }
        setConnection('Reconnecting (' + e.message + ')', false);
      }
      if (!signedIn) {
        return;
      }
      setConnection('Reconnecting', false);
      await new Promise((resolve) => window.setTimeout(resolve, retryMillis));
    }
  }

  /** One Server-Sent Event block: "id:", "event:", "data:" lines; ":" starts a comment (the heartbeat). */
  function dispatch(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) {
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) {
        value = value.slice(1);
      }
      if (field === 'id') {
        lastEventId = value;
      } else if (field === 'event') {
        type = value;
      } else if (field === 'data') {
        data.push(value);
      } else if (field === 'retry' && /^\d+$/.test(value)) {
        retryMillis = Number(value);
      }
    }
    if (data.length === 0) {
      return;
    }
    const payload = JSON.parse(data.join('\n'));
    if (type === 'link-status') {
      onStatus(payload);
    } else if (type === 'operation') {
      onOperation(payload);
    } else if (type === 'alert') {
      onAlert(payload);
    }
  }

  function onStatus(event) {
    if (event.removed) {
      const link = links.get(event.link);
      if (link) {
        link.article.remove();
        links.delete(event.link);
      }
      $('no-links').hidden = links.size > 0;
      announce('Link ' + event.link + ' was removed.');
      activity(event.link + ': removed');
      return;
    }
    const before = links.get(event.link);
    const phasesBefore = before && before.status ? phases(before.status) : null;
    update(event.link, { status: event.status, etag: event.etag || null, error: event.error || null,
      target: event.sqlServerTarget || null });
    $('no-links').hidden = links.size > 0;
    if (event.status && phasesBefore) {
      for (const [database, phase] of phases(event.status)) {
        if (phasesBefore.get(database) && phasesBefore.get(database) !== phase) {
          const text = event.link + ' / ' + database + ': ' + phasesBefore.get(database) + ' → ' + phase;
          announce(text);
          activity(text);
        }
      }
    } else if (event.error && (!before || before.error !== event.error)) {
      announce(event.link + ': ' + event.error);
    }
  }

  function phases(status) {
    return new Map((status.databases || []).map((d) => [d.name, d.phase]));
  }

  function onOperation(event) {
    const op = event.operation;
    activity(event.link + ': ' + op.kind + ' (' + op.state + '): ' + event.event.message);
    // The operation's last event (the journal writes it with the final state): announced; the steps are not.
    if (/^(succeeded|failed|canceled)\b/.test(event.event.message)) {
      announce(event.link + ': ' + op.kind + ' ' + op.state.toLowerCase() + '. ' + event.event.message);
    }
  }

  function onAlert(event) {
    const link = links.get(event.link);
    const text = event.link + ': ' + (event.resolved ? 'resolved ' : event.severity + ' ') + event.type + ': '
      + event.message;
    activity(text);
    announce(text);
    if (link) {
      if (event.resolved) {
        for (const [id, alert] of link.alerts) {
          if (alert.type + '.resolved' === event.type && alert.subject === event.subject) {
            link.alerts.delete(id);
          }
        }
      } else {
        link.alerts.set(event.id, event);
      }
      render(event.link);
    }
  }

  // ---- rendering -------------------------------------------------------------------------------------------------

  function update(name, change) {
    let link = links.get(name);
    if (!link) {
      link = { status: null, etag: null, error: null, target: null, alerts: new Map(), article: article(name) };
      links.set(name, link);
      $('links').append(link.article);
    }
    link.status = change.status;
    link.etag = change.etag;
    link.error = change.error;
    if (change.target) {
      link.target = change.target;
    }
    render(name);
  }

  /** The link's stable parts (heading, buttons), made once so an update never moves keyboard focus. */
  function article(name) {
    const id = 'link-' + name.replace(/[^A-Za-z0-9_-]/g, '_');
    const failover = el('button', { type: 'button', 'data-action': 'failover', 'data-link': name,
      'aria-haspopup': 'dialog', text: 'Planned failover…' });
    failover.addEventListener('click', () => openDialog(name, 'failover', failover));
    const cutover = el('button', { type: 'button', className: 'secondary', 'data-action': 'cutover',
      'data-link': name, 'aria-haspopup': 'dialog', text: 'Cutover…' });
    cutover.addEventListener('click', () => openDialog(name, 'cutover', cutover));
    return el('article', { className: 'link', id, 'aria-labelledby': id + '-title', 'data-link': name },
      el('div', { className: 'link-head' }, el('h3', { id: id + '-title', text: name }),
        el('span', { className: 'badge', 'data-health': name })),
      el('p', { className: 'sides', 'data-sides': name }),
      el('div', { 'data-body': name }),
      el('div', { className: 'actions', role: 'group', 'aria-label': 'Actions on ' + name }, failover, cutover));
  }

  function render(name) {
    const link = links.get(name);
    const root = link.article;
    const badge = root.querySelector('[data-health]');
    const sides = root.querySelector('[data-sides]');
    const body = root.querySelector('[data-body]');
    if (!link.status) {
      badge.textContent = 'Status unknown';
      badge.className = 'badge bad';
      sides.textContent = '';
      body.replaceChildren(el('p', { className: 'error', text: link.error || 'Not read yet.' }));
      return;
    }
    const status = link.status;
    badge.textContent = status.link.healthy ? 'Healthy' : 'Needs attention';
    badge.className = 'badge ' + (status.link.healthy ? 'good' : 'bad');
    sides.textContent = 'SQL Server ' + status.link.sqlServer + ' → managed instance ' + status.link.managedInstance
      + '; read ' + new Date(status.link.observedAt).toLocaleTimeString();
    const rows = (status.databases || []).map((d) => databaseRow(name, d));
    const table = el('table', {},
      el('caption', { className: 'visually-hidden', text: 'Databases of ' + name }),
      el('thead', {}, el('tr', {}, ...['Database', 'Phase', 'Seeding', 'ETA', 'Lag', 'Roles (SQL Server / instance)']
        .map((h) => el('th', { scope: 'col', text: h })))),
      el('tbody', {}, ...rows));
    body.replaceChildren(...[table, alertsOf(link), readiness(name, status), checklistPlace(link)]
      .filter((part) => part !== null));
  }

  function databaseRow(name, d) {
    let seeding;
    if (d.seedingPercent !== null && d.seedingPercent !== undefined && d.phase === 'Seeding') {
      const percent = Math.max(0, Math.min(100, d.seedingPercent));
      const bytes = d.seeding ? ' (' + size(d.seeding.transferredBytes) + ' of ' + size(d.seeding.databaseSizeBytes)
        + ')' : '';
      const bar = el('div', { className: 'bar' });
      bar.style.width = percent + '%'; // CSSOM, which the Content-Security-Policy allows (a style attribute it would not)
      seeding = el('div', {},
        el('div', { className: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
          'aria-valuenow': percent, 'aria-valuetext': percent + ' %' + bytes,
          'aria-label': 'Seeding of ' + d.name, 'data-database': d.name }, bar),
        el('span', { className: 'progress-text', text: percent + ' %' + bytes }));
    } else {
      seeding = document.createTextNode(d.phase === 'Seeding' ? 'starting' : 'done');
    }
    const eta = d.seeding && d.seeding.etaSeconds !== null && d.seeding.etaSeconds !== undefined && d.phase === 'Seeding'
      ? duration(d.seeding.etaSeconds) : '—';
    const lag = d.lagSeconds === null || d.lagSeconds === undefined ? '—' : d.lagSeconds + ' s'
      + (d.logSendQueueKb ? ', ' + d.logSendQueueKb + ' KB to send' : '');
    return el('tr', { 'data-database-row': d.name },
      el('th', { scope: 'row', text: d.name }),
      el('td', { 'data-phase-of': d.name, text: d.phase }),
      el('td', {}, seeding),
      el('td', { 'data-eta-of': d.name, text: eta }),
      el('td', { 'data-lag-of': d.name, text: lag }),
      el('td', { 'data-roles-of': d.name, text: (d.sqlServerRole || '?') + ' / ' + (d.managedInstanceRole || '?') }));
  }

  function alertsOf(link) {
    if (link.alerts.size === 0) {
      return null;
    }
    return el('div', {}, el('h4', { text: 'Open alerts' }),
      el('ul', { className: 'alerts' }, ...[...link.alerts.values()].map((a) =>
        el('li', { text: a.severity + ' ' + a.type + ' (' + a.subject + '): ' + a.message }))));
  }

  /** What the status says stands between the link and a failover, per database, with what to do. */
  function readiness(name, status) {
    const items = [];
    for (const d of status.databases || []) {
      if (d.ready) {
        items.push(el('li', {}, el('span', { className: 'status-PASS', text: 'ready ' }), d.name));
      } else {
        for (const why of (d.notReadyBecause || [])) {
          items.push(el('li', {}, el('span', { className: 'status-WARN', text: 'not yet ' }), d.name + ': ' + why));
        }
      }
      for (const reason of d.reasons || []) {
        items.push(el('li', {}, el('span', { className: 'status-WARN', text: 'note ' }), d.name + ': ' + reason));
      }
    }
    return el('div', { className: 'checklist' }, el('h4', { text: 'Failover readiness' }),
      el('ul', { 'aria-label': 'Failover readiness of ' + name }, ...items));
  }

  /** The latest preflight report of the link's SQL Server (POST /v1/preflight), its findings that are not PASS. */
  function checklistPlace(link) {
    const place = el('div', { className: 'checklist', 'data-checklist': '' },
      el('h4', { text: 'Readiness checklist (latest preflight)' }));
    if (!link.target) {
      place.append(el('p', { className: 'help', text: 'Waiting for the link\'s first live read.' }));
      return place;
    }
    // Asked again after a while, so a preflight run since the page loaded shows without a reload.
    const known = checklists.get(link.target);
    if (!known || Date.now() - known.at > CHECKLIST_MAX_AGE_MILLIS) {
      checklists.set(link.target, { at: Date.now(), report: latestReport(link.target) });
    }
    checklists.get(link.target).report.then((report) => fillChecklist(place, report))
      .catch((e) => fillChecklist(place, { error: 'The checklist could not be read: ' + e.message }));
    return place;
  }

  async function latestReport(target) {
    const list = await api('/v1/preflight?limit=1&target=' + encodeURIComponent(target));
    if (!list.ok) {
      return { error: await problemText(list) };
    }
    const items = (await list.json()).items || [];
    if (items.length === 0) {
      return null;
    }
    const report = await api('/v1/preflight/' + encodeURIComponent(items[0].id));
    return report.ok ? report.json() : { error: await problemText(report) };
  }

  function fillChecklist(place, report) {
    if (report === null) {
      place.append(el('p', { className: 'help', text: 'No preflight of this SQL Server yet (POST /v1/preflight).' }));
      return;
    }
    if (report.error) {
      place.append(el('p', { className: 'error', text: report.error }));
      return;
    }
    place.append(el('p', { text: 'Verdict ' + report.verdict.replace(/_/g, ' ') + ', '
      + new Date(report.generatedAt).toLocaleString() }));
    const findings = (report.findings || []).filter((f) => f.status !== 'PASS' && f.status !== 'SKIP');
    if (findings.length === 0) {
      place.append(el('p', { className: 'status-PASS', text: 'Every check passed.' }));
      return;
    }
    place.append(el('ul', {}, ...findings.map((f) => el('li', {},
      el('span', { className: 'status-' + f.status, text: f.status + ' ' }),
      el('span', { text: f.id + ': ' + (f.title || '') + (f.evidence ? ' (' + f.evidence + ')' : '') }),
      f.remediation ? el('pre', { className: 'fix', 'aria-label': 'Fix (' + f.remediation.kind + ')',
        text: f.remediation.script }) : null))));
  }

  function size(bytes) {
    if (bytes === null || bytes === undefined) {
      return '?';
    }
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return value.toFixed(unit === 0 ? 0 : 1) + ' ' + units[unit];
  }

  function duration(seconds) {
    if (seconds < 60) {
      return Math.round(seconds) + ' s';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s';
    }
    return Math.floor(seconds / 3600) + ' h ' + Math.round((seconds % 3600) / 60) + ' min';
  }

  // ---- the confirmation ------------------------------------------------------------------------------------------

  async function openDialog(name, action, opener) {
    const dialog = $('confirm');
    dialogState = { name, action, opener, etag: null };
    $('confirm-title').textContent = (action === 'failover' ? 'Planned failover of ' : 'Cutover of ') + name;
    $('confirm-intro').textContent = action === 'failover'
      ? 'The roles swap without data loss once every gate passes: stop the application\'s writes first. The '
        + 'failover runs on the state read below; if the link changes before you confirm, it is refused.'
      : 'The cutover ends the migration: the managed instance becomes the primary and the link is removed. Type the '
        + 'link\'s name to confirm.';
    $('gates').textContent = 'Reading the gates…';
    $('confirm-result').textContent = '';
    $('confirm-error').textContent = '';
    $('confirm-typed').hidden = action !== 'cutover';
    $('confirm-name').value = '';
    $('confirm-go').disabled = true;
    $('confirm-go').textContent = action === 'failover' ? 'Fail over' : 'Cut over';
    $('confirm-cancel').textContent = 'Cancel';
    dialog.showModal();
    $('confirm-cancel').focus();
    await readGates();
  }

  async function readGates() {
    const state = dialogState;
    let response;
    try {
      response = await api('/v1/links/' + encodeURIComponent(state.name) + '/failover/check', { method: 'POST' });
    } catch (e) {
      $('gates').textContent = 'The service did not answer: ' + e.message;
      return;
    }
    if (state !== dialogState) {
      return;
    }
    if (!response.ok) {
      $('gates').textContent = response.status === 403
        ? 'This token may only read: an operator token is needed to fail over or cut over.'
        : 'The gates could not be read: ' + await problemText(response);
      return;
    }
    const check = await response.json();
    state.etag = response.headers.get('ETag');
    const blocked = check.blockedBy || [];
    const summary = el('p', { className: check.ready ? 'gate-ok' : 'gate-blocked',
      'data-gates-ready': String(check.ready),
      text: check.ready ? 'Every gate passes now.' : 'Not every gate passes yet. The failover brings them about (it '
        + 'switches to synchronous commit, then waits up to 10 minutes per gate) and stops without failing over if '
        + 'one does not pass:' });
    const list = el('ul', {}, ...blocked.map((b) => el('li', { className: 'gate-blocked',
      text: b.database + ', ' + b.gate + ': ' + b.why })));
    $('gates').replaceChildren(summary, blocked.length ? list : document.createTextNode(''));
    $('confirm-go').disabled = !state.etag;
  }

  async function confirm() {
    const state = dialogState;
    if (!state || !state.etag) {
      return;
    }
    $('confirm-error').textContent = '';
    let path;
    let body;
    if (state.action === 'failover') {
      path = '/v1/links/' + encodeURIComponent(state.name) + '/failover';
      body = { type: 'planned' };
    } else {
      if ($('confirm-name').value !== state.name) {
        $('confirm-error').textContent = 'Type the link\'s name, ' + state.name + ', exactly.';
        $('confirm-name').focus();
        return;
      }
      path = '/v1/links/' + encodeURIComponent(state.name) + '/cutover';
      body = { confirm: state.name };
    }
    $('confirm-go').disabled = true;
    const response = await api(path, { method: 'POST', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'If-Match': state.etag } });
    if (response.status === 202) {
      const op = await response.json();
      const text = (state.action === 'failover' ? 'Failover' : 'Cutover') + ' of ' + state.name + ' started: '
        + 'operation ' + op.id + '. Its progress shows under Activity.';
      $('confirm-result').textContent = text;
      $('confirm-cancel').textContent = 'Close';
      activity(text);
      announce(text);
      $('confirm-cancel').focus();
      return;
    }
    if (response.status === 412) {
      $('confirm-error').textContent = 'The link changed since the gates were read; they are read again now. '
        + 'Check them and confirm again.';
      await readGates();
      return;
    }
    if (response.status === 404 && state.action === 'cutover') {
      $('confirm-error').textContent = 'This service does not offer the cutover (POST /v1/links/{name}/cutover '
        + 'answered 404): use milink link cutover.';
      return;
    }
    $('confirm-error').textContent = await problemText(response);
    $('confirm-go').disabled = false;
  }

  function closeDialog() {
    const dialog = $('confirm');
    const opener = dialogState && dialogState.opener;
    dialogState = null;
    if (dialog.open) {
      dialog.close();
    }
    if (opener && opener.isConnected) {
      opener.focus();
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('confirm-go').addEventListener('click', confirm);
    $('confirm-cancel').addEventListener('click', closeDialog);
    $('confirm').addEventListener('close', () => {
      if (dialogState) {
        closeDialog();
      }
    });
    $('links-title').setAttribute('tabindex', '-1');
    if (token()) {
      start();
    } else {
      $('token').focus();
    }
  });
})();
