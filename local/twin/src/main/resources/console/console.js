'use strict';
// The local console: a small page over the twin's JSON (/_local/api) and the application's own API.
// Everything user-supplied is inserted as text, never as HTML.

const main = document.getElementById('main');
const statusRegion = document.getElementById('status');
const PAGE = 25;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'className') el.className = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

async function getJson(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = { message: text }; }
  if (!response.ok) {
    const message = (body && (body.message || body.error)) || response.statusText;
    throw new Error(response.status + ' ' + message);
  }
  return body;
}

function announce(message) { statusRegion.textContent = message; }

function show(title, ...content) {
  document.title = title + ' · sagastack local console';
  main.replaceChildren(h('h2', {}, title), ...content);
}

function showError(title, error) {
  show(title, h('p', { className: 'error', role: 'alert' }, 'Could not load: ' + error.message));
}

function badge(text, kind) { return h('span', { className: 'badge ' + kind }, text); }

function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return h('time', { datetime: iso }, d.toLocaleString());
}

function duration(start, stop) {
  if (!start || !stop) return '';
  const ms = new Date(stop) - new Date(start);
  return ms < 1000 ? ms + ' ms' : (ms / 1000).toFixed(1) + ' s';
}

function pretty(jsonText) {
  if (jsonText === undefined || jsonText === null) return h('span', { className: 'muted' }, '—');
  let text = jsonText;
  try { text = JSON.stringify(JSON.parse(jsonText), null, 2); } catch (e) { /* shown as is */ }
  return h('pre', {}, text);
}

function table(caption, headers, rows) {
  return h('div', { className: 'table-wrap' },
    h('table', {},
      h('caption', { className: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, className: 'muted' }, 'Nothing here yet.')))));
}

function params() {
  const hash = location.hash || '#/executions';
  const [path, query] = hash.slice(1).split('?');
  return { path, query: new URLSearchParams(query || '') };
}

function go(path, query) {
  const q = new URLSearchParams(Object.entries(query || {}).filter(([, v]) => v !== '' && v !== undefined && v !== null));
  location.hash = '#' + path + (q.toString() ? '?' + q : '');
}

function markNav(section) {
  document.querySelectorAll('nav a').forEach(a => {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
}

// ---------------------------------------------------------------- executions list

async function executions(query) {
  markNav('executions');
  const status = query.get('status') || '';
  const search = query.get('q') || '';
  const offset = Number(query.get('offset') || 0);
  const form = h('form', { className: 'filters', role: 'search', onsubmit: e => {
      e.preventDefault();
      go('/executions', { status: form.elements.status.value, q: form.elements.q.value.trim() });
    } },
    h('label', { for: 'f-status' }, 'Status',
      h('select', { id: 'f-status', name: 'status' },
        ['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].map(s =>
          h('option', { value: s, selected: s === status }, s === '' ? 'Any status' : s)))),
    h('label', { for: 'f-q' }, 'Order id',
      h('input', { id: 'f-q', name: 'q', type: 'search', value: search, placeholder: 'search by order id' })),
    h('button', { type: 'submit' }, 'Filter'));
  let page;
  try {
    page = await getJson('/_local/api/executions?' + new URLSearchParams({ status, q: search, offset, limit: PAGE }));
  } catch (e) { return showError('Executions', e); }
  const rows = page.items.map(x => h('tr', {},
    h('td', {}, h('a', { href: '#/execution/' + encodeURIComponent(x.executionArn) }, x.name)),
    h('td', {}, badge(x.status, 'status-' + x.status)),
    h('td', {}, x.error || ''),
    h('td', {}, time(x.startDate)),
    h('td', {}, duration(x.startDate, x.stopDate))));
  const last = Math.min(offset + PAGE, page.total);
  const pager = h('nav', { className: 'pager', 'aria-label': 'Pages' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => go('/executions', { status, q: search, offset: Math.max(0, offset - PAGE) }) }, 'Newer'),
    h('span', {}, page.total ? `${offset + 1}–${last} of ${page.total}` : '0 executions'),
    h('button', { type: 'button', disabled: last >= page.total, onclick: () => go('/executions', { status, q: search, offset: offset + PAGE }) }, 'Older'));
  show('Executions', form, table('Executions, newest first', ['Execution (order id)', 'Status', 'Error', 'Started', 'Duration'], rows), pager);
  announce(`${page.total} executions`);
}

// ---------------------------------------------------------------- one execution

const OUTCOME_TEXT = { 'succeeded': 'succeeded', 'failed': 'failed', 'caught': 'failed, caught',
  'compensated': 'compensated', 'running': 'running', 'not-run': 'not run' };
const OUTCOME_COLOURS = {
  'succeeded': ['#dafbe1', '#116329'], 'failed': ['#ffebe9', '#a40e26'], 'caught': ['#fff1e5', '#953800'],
  'compensated': ['#fbefff', '#6639ba'], 'running': ['#ddf4ff', '#0550ae'], 'not-run': ['#f6f8fa', '#57606a'] };

function graph(view) {
  const W = 190, H = 46, GX = 60, GY = 28, PAD = 16;
  const pos = {};
  let maxCol = 0, maxRow = 0;
  for (const s of view.states) {
    pos[s.name] = { x: PAD + s.column * (W + GX), y: PAD + s.row * (H + GY) };
    maxCol = Math.max(maxCol, s.column); maxRow = Math.max(maxRow, s.row);
  }
  const width = PAD * 2 + (maxCol + 1) * W + maxCol * GX;
  const height = PAD * 2 + (maxRow + 1) * H + maxRow * GY;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': 'State machine graph; each state is labelled with its outcome' });
  root.append(svg('defs', {},
    svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#57606a' })),
    svg('marker', { id: 'arrow-catch', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#953800' }))));
  for (const e of view.edges) {
    const a = pos[e.from], b = pos[e.to];
    if (!a || !b) continue;
    let d;
    if (a.x === b.x && b.y > a.y) {
      d = `M${a.x + W / 2},${a.y + H} L${b.x + W / 2},${b.y}`;
    } else if (a.x === b.x) {
      d = `M${a.x + W},${a.y + H / 2} C${a.x + W + 40},${a.y + H / 2} ${b.x + W + 40},${b.y + H / 2} ${b.x + W},${b.y + H / 2}`;
    } else {
      const fromX = b.x > a.x ? a.x + W : a.x, toX = b.x > a.x ? b.x : b.x + W;
      d = `M${fromX},${a.y + H / 2} C${(fromX + toX) / 2},${a.y + H / 2} ${(fromX + toX) / 2},${b.y + H / 2} ${toX},${b.y + H / 2}`;
    }
    const isCatch = e.kind === 'catch';
    root.append(svg('path', { d, fill: 'none', stroke: isCatch ? '#953800' : '#57606a', 'stroke-width': 1.5,
      'stroke-dasharray': isCatch ? '5 4' : '', 'marker-end': isCatch ? 'url(#arrow-catch)' : 'url(#arrow)',
      'data-kind': e.kind }));
  }
  for (const s of view.states) {
    const p = pos[s.name];
    const [fill, stroke] = OUTCOME_COLOURS[s.outcome] || OUTCOME_COLOURS['not-run'];
    const label = `${s.name}: ${OUTCOME_TEXT[s.outcome] || s.outcome}`;
    const node = svg('g', { class: 'node', tabindex: 0, role: 'button', 'aria-label': label,
        'data-state': s.name, 'data-outcome': s.outcome,
        onclick: () => focusState(s.name), onkeydown: ev => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); focusState(s.name); } } },
      svg('title', {}, label),
      svg('rect', { x: p.x, y: p.y, width: W, height: H, rx: 8, fill, stroke,
        'stroke-dasharray': s.outcome === 'not-run' ? '4 3' : '' }),
      svg('text', { x: p.x + W / 2, y: p.y + 19, 'text-anchor': 'middle', fill: '#1f2328', 'font-weight': 600 }, s.name),
      svg('text', { x: p.x + W / 2, y: p.y + 36, 'text-anchor': 'middle', fill: stroke }, OUTCOME_TEXT[s.outcome] || s.outcome));
    root.append(node);
  }
  const legend = h('ul', { className: 'legend', 'aria-label': 'Legend' },
    Object.keys(OUTCOME_TEXT).map(k => h('li', {}, badge(OUTCOME_TEXT[k], 'outcome-' + k))),
    h('li', { className: 'muted' }, 'dashed arrows: Catch (compensation path)'));
  return h('figure', { className: 'graph', id: 'graph' }, root, legend);
}

function focusState(name) {
  const row = document.getElementById('state-' + name);
  if (row) {
    row.querySelector('details').open = true;
    row.scrollIntoView({ behavior: 'smooth', block: 'center' });
    row.querySelector('summary').focus();
  }
}

async function execution(arn, query) {
  markNav('executions');
  let view;
  try {
    view = await getJson('/_local/api/executions/' + encodeURIComponent(arn));
  } catch (e) { return showError('Execution', e); }
  const x = view.execution;
  const stop = x.status === 'RUNNING'
    ? h('button', { type: 'button', className: 'danger', onclick: async ev => {
        ev.target.disabled = true;
        try {
          await getJson('/_local/api/executions/' + encodeURIComponent(arn) + '/stop', { method: 'POST' });
          announce('Execution stopped');
        } catch (e) { announce('Stop failed: ' + e.message); }
        execution(arn);
      } }, 'Stop execution')
    : null;
  const redrive = redriveAction(x, arn, query && query.get('action') === 'redrive');
  const summary = h('dl', { className: 'summary' },
    h('dt', {}, 'Status'), h('dd', {}, badge(x.status, 'status-' + x.status), ' ', stop, ' ', redrive),
    h('dt', {}, 'State machine'), h('dd', {}, h('a', { href: '#/state-machine/' + encodeURIComponent(x.stateMachineArn) },
      x.stateMachineArn.split(':').pop())),
    h('dt', {}, 'Execution ARN'), h('dd', {}, h('code', {}, x.executionArn)),
    h('dt', {}, 'Started'), h('dd', {}, time(x.startDate)),
    h('dt', {}, 'Stopped'), h('dd', {}, time(x.stopDate), x.stopDate ? ' (' + duration(x.startDate, x.stopDate) + ')' : '—'),
    x.error ? [h('dt', {}, 'Error'), h('dd', { className: 'error' }, x.error)] : null,
    x.cause ? [h('dt', {}, 'Cause'), h('dd', {}, x.cause)] : null,
    redriveSummary(x));
  const entered = view.states.filter(s => s.outcome !== 'not-run');
  const stateRows = view.states.map(s => h('tr', { id: 'state-' + s.name },
    h('td', {}, h('details', {},
      h('summary', {}, s.name),
      h('p', { className: 'muted' }, s.comment || ''),
      h('h4', {}, 'Input'), pretty(s.input),
      h('h4', {}, 'Output'), pretty(s.output),
      s.error ? [h('h4', {}, 'Error'), h('p', { className: 'error' }, s.error), pretty(s.cause)] : null)),
    h('td', {}, s.type + (s.compensation ? ' (compensation)' : '')),
    h('td', {}, badge(OUTCOME_TEXT[s.outcome] || s.outcome, 'outcome-' + s.outcome)),
    h('td', {}, s.failures ? String(s.failures) : '')));
  show('Execution ' + x.name, summary,
    h('div', { className: 'layout' },
      h('section', { 'aria-labelledby': 'graph-title' }, h('h3', { id: 'graph-title' }, 'Graph'), graph(view)),
      h('section', { 'aria-labelledby': 'io-title' }, h('h3', { id: 'io-title' }, 'Execution input and output'),
        h('h4', {}, 'Input'), pretty(x.input), h('h4', {}, 'Output'), pretty(x.output))),
    h('section', { 'aria-labelledby': 'states-title' }, h('h3', { id: 'states-title' }, 'States'),
      table('States with outcome, input and output', ['State (open for input/output)', 'Type', 'Outcome', 'Failed attempts'], stateRows)),
    h('section', { 'aria-labelledby': 'timeline-title' }, h('h3', { id: 'timeline-title' }, 'Timeline'), timelineView(view)),
    h('section', { 'aria-labelledby': 'history-title' }, h('h3', { id: 'history-title' }, 'Event history'), eventsTable(view)));
  if (redrive && redrive.classList && redrive.classList.contains('requested')) redrive.focus();
  refreshWhileRunning(x, arn, view.history.length);
  announce(`Execution ${x.name}: ${x.status}, ${entered.length} states entered`);
}

// ---------------------------------------------------------------- orders, accounts, dead letters

async function orders(query) {
  markNav('orders');
  const status = query.get('status') || 'CONFIRMED';
  const cursor = query.get('cursor') || '';
  const form = h('form', { className: 'filters', onsubmit: e => { e.preventDefault(); go('/orders', { status: form.elements.status.value }); } },
    h('label', { for: 'o-status' }, 'Status',
      h('select', { id: 'o-status', name: 'status' },
        ['PENDING', 'CONFIRMED', 'CANCELLED', 'NEEDS_ATTENTION'].map(s => h('option', { value: s, selected: s === status }, s)))),
    h('button', { type: 'submit' }, 'Show'));
  let page;
  try {
    page = await getJson('/_local/app/orders?' + new URLSearchParams(cursor ? { status, cursor } : { status }));
  } catch (e) { return show('Orders', form, h('p', { className: 'error', role: 'alert' }, 'Could not load: ' + e.message)); }
  const items = page.items || page.orders || [];
  const rows = items.map(o => h('tr', {},
    h('td', {}, o.executionArn ? h('a', { href: '#/execution/' + encodeURIComponent(o.executionArn) }, o.orderId) : o.orderId),
    h('td', {}, o.userId || ''),
    h('td', {}, badge(o.status, 'status-' + ({ CONFIRMED: 'SUCCEEDED', CANCELLED: 'FAILED', NEEDS_ATTENTION: 'ABORTED', PENDING: 'RUNNING' }[o.status] || ''))),
    h('td', {}, o.total !== undefined ? String(o.total) + ' ' + (o.currency || '') : ''),
    h('td', {}, o.failure ? (o.failure.error || JSON.stringify(o.failure)) : ''),
    h('td', {}, o.createdAt ? time(o.createdAt) : ''),
    h('td', {}, orderAction(o))));
  const next = page.nextCursor || page.cursor;
  show('Orders', form, table('Orders by status, newest first', ['Order', 'User', 'Status', 'Total (minor units)', 'Failure', 'Created', 'Action'], rows),
    h('nav', { className: 'pager', 'aria-label': 'Pages' },
      h('button', { type: 'button', disabled: !cursor, onclick: () => go('/orders', { status }) }, 'First page'),
      h('button', { type: 'button', disabled: !next, onclick: () => go('/orders', { status, cursor: next }) }, 'Next page')));
}

async function accounts() {
  markNav('accounts');
  let list;
  try { list = await getJson('/_local/api/account-summaries'); } catch (e) { return showError('Account summaries', e); }
  const rows = list.map(a => h('tr', {},
    h('td', {}, a.accountId || a.PK || ''),
    h('td', {}, a.ownerId || ''),
    h('td', {}, a.status || ''),
    h('td', {}, a.balance !== undefined ? String(a.balance) : ''),
    h('td', {}, a.currency || ''),
    h('td', {}, a.lastAppliedVersion !== undefined ? String(a.lastAppliedVersion) : (a.version !== undefined ? String(a.version) : '')),
    h('td', {}, a.updatedAt ? time(a.updatedAt) : '')));
  show('Account summaries', h('p', { className: 'muted' }, 'The read model built by the AccountSummaryProjection function from the event store\'s stream.'),
    table('Account summaries', ['Account', 'Owner', 'Status', 'Balance (minor units)', 'Currency', 'Last applied version', 'Updated'], rows));
}

async function deadLetters() {
  markNav('dead-letters');
  let list;
  try { list = await getJson('/_local/api/dead-letters'); } catch (e) { return showError('Dead letters', e); }
  const rows = list.map(d => h('tr', {},
    h('td', {}, time(d.time)),
    h('td', {}, d.functionName),
    h('td', {}, d.condition + ' after ' + d.attempts + ' retries'),
    h('td', {}, d.lastError),
    h('td', {}, h('details', {}, h('summary', {}, d.DDBStreamBatchInfo.batchSize + ' record(s), ' + d.DDBStreamBatchInfo.shardId),
      pretty(JSON.stringify(d.records))))));
  show('Dead letters', h('p', { className: 'muted' }, 'Stream records the event source mappings gave up on (the on-failure destination).'),
    table('Dead letters, newest first', ['Time', 'Function', 'Condition', 'Last error', 'Records'], rows));
}

async function stackPage() {
  markNav('stack');
  let stack;
  try { stack = await getJson('/_local/api/stack'); } catch (e) { return showError('Stack', e); }
  const parts = [h('p', { className: 'muted' }, 'Stage ' + stack.stage + ' from ' + stack.assembly
    + ': each resource as CloudFormation would list it, with the physical id the twin gave it. EMULATED resources run here; '
    + 'ACKNOWLEDGED ones are infrastructure only.')];
  for (const s of stack.stacks) {
    parts.push(table(s.name + ': resources', ['Logical ID', 'Type', 'Physical ID', 'Status'],
      s.resources.map(r => h('tr', {}, h('td', {}, r.logicalId), h('td', {}, r.type), h('td', {}, r.physicalId),
        h('td', {}, r.status)))));
    if (s.outputs.length) {
      parts.push(table(s.name + ': outputs', ['Key', 'Value', 'Export', 'Description'],
        s.outputs.map(o => h('tr', {}, h('td', {}, o.key), h('td', {}, o.value), h('td', {}, o.exportName || ''),
          h('td', {}, o.description)))));
    }
  }
  parts.push(table('Functions', ['Function', 'Handler', 'Memory / timeout', 'Reserved concurrency', 'Environment'],
    stack.functions.map(f => h('tr', {}, h('td', {}, f.name), h('td', {}, f.handler),
      h('td', {}, f.memoryMb + ' MB / ' + f.timeoutSeconds + ' s'),
      h('td', {}, f.reservedConcurrency === null ? 'unreserved' : String(f.reservedConcurrency)),
      h('td', {}, h('details', {}, h('summary', {}, Object.keys(f.environment).length + ' variables'),
        pretty(JSON.stringify(f.environment, null, 2))))))));
  parts.push(table('Event source mappings', ['Mapping', 'Table → function', 'Settings', 'Filters'],
    stack.mappings.map(m => h('tr', {}, h('td', {}, m.logicalId), h('td', {}, m.table + ' → ' + m.function),
      h('td', {}, 'batch ' + m.batchSize + ', window ' + m.maximumBatchingWindowSeconds + ' s, ' + m.startingPosition
        + ', bisect ' + m.bisectBatchOnFunctionError + ', retries ' + m.maximumRetryAttempts
        + (m.maximumRecordAgeSeconds !== undefined ? ', max age ' + m.maximumRecordAgeSeconds + ' s' : '')
        + ', ReportBatchItemFailures ' + m.reportBatchItemFailures
        + (m.onFailureDestination ? ', on failure ' + m.onFailureDestination : '')),
      h('td', {}, m.filters.join(' | '))))));
  parts.push(table('Routes', ['Route', 'Authorization', 'Integration'],
    stack.routes.map(r => h('tr', {}, h('td', {}, r.routeKey), h('td', {}, r.authorizationType), h('td', {}, r.integration)))));
  let dax;
  try { dax = await getJson('/_local/api/dax'); } catch (e) { return showError('Stack', e); }
  if (dax.clusters.length) {
    parts.push(table('DAX clusters', ['Cluster', 'Template endpoint', 'Served locally at'],
      dax.clusters.map(c => h('tr', {}, h('td', {}, c.name), h('td', {}, c.templateEndpoint), h('td', {}, c.localEndpoint)))));
    parts.push(table('DAX cache per table', ['Table', 'Item cache hits', 'Item cache misses', 'Query cache hits', 'Query cache misses'],
      Object.entries(dax.tables).map(([name, t]) => h('tr', {}, h('td', {}, name), h('td', {}, String(t.hits)),
        h('td', {}, String(t.misses)), h('td', {}, String(t.queryHits)), h('td', {}, String(t.queryMisses))))));
  }
  show('Stack', ...parts);
}

// ---------------------------------------------------------------- routing

async function route() {
  const { path, query } = params();
  main.focus({ preventScroll: true });
  if (path.startsWith('/execution/')) return execution(decodeURIComponent(path.slice('/execution/'.length)), query);
  if (path.startsWith('/state-machine/')) return stateMachine(decodeURIComponent(path.slice('/state-machine/'.length)));
  if (path === '/state-machines') return stateMachines();
  if (path === '/orders') return orders(query);
  if (path === '/accounts') return accounts();
  if (path === '/dead-letters') return deadLetters();
  if (path === '/stack') return stackPage();
  if (path === '/access' && typeof accessPage === 'function') return accessPage();
  return executions(query);
}

window.addEventListener('hashchange', route);
// after every script of the page has run (each page's own script defines its functions)
document.addEventListener('DOMContentLoaded', route);
