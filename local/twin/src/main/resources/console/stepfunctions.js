'use strict';
// Step Functions pages of the local console, after the AWS console's: an execution's event history table and
// timeline, the Redrive action, and the state machine page (New execution, versions, aliases, definition).
// Uses the helpers of console.js (h, getJson, show, table, ...); user-supplied values are inserted as text only.

// ---------------------------------------------------------------- execution: event history table

function eventsTable(view) {
  const rows = [];
  for (const ev of view.history) {
    const detailsId = 'event-' + ev.id + '-details';
    const detailsRow = h('tr', { id: detailsId, className: 'event-details', hidden: true },
      h('td', { colspan: 6 }, h('pre', {}, JSON.stringify(ev.details || {}, null, 2))));
    const toggle = h('button', { type: 'button', className: 'expand', 'aria-expanded': 'false', 'aria-controls': detailsId,
      'aria-label': 'Details of event ' + ev.id, onclick: () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        detailsRow.hidden = !open;
      } }, String(ev.id));
    rows.push(h('tr', { className: 'event', 'data-event-id': ev.id, 'data-type': ev.type },
      h('td', {}, toggle),
      h('td', {}, ev.type),
      h('td', {}, ev.state || ''),
      h('td', {}, ev.resource || ''),
      h('td', { className: 'number' }, String(ev.sinceStartMs)),
      h('td', {}, time(ev.timestamp))), detailsRow);
  }
  return table('Event history: open an event\'s ID for its details',
    ['ID', 'Type', 'Step', 'Resource', 'Started after (ms)', 'Date and time'], rows);
}

// ---------------------------------------------------------------- execution: timeline

const SPAN_TEXT = { succeeded: 'succeeded', failed: 'failed', caught: 'failed, caught', aborted: 'aborted', running: 'running' };

function timelineView(view) {
  const t = view.timeline;
  const ends = t.spans.map(s => s.endMs !== undefined ? s.endMs : s.startMs);
  const last = view.history.length ? view.history[view.history.length - 1].sinceStartMs : 0;
  const total = Math.max(1, t.endMs !== undefined ? t.endMs : 0, last, ...ends);
  const pct = ms => (100 * ms / total).toFixed(3) + '%';
  const width = (from, to) => Math.max(0.4, 100 * ((to === undefined ? last : to) - from) / total).toFixed(3) + '%';
  const rows = t.spans.map(s => {
    const took = s.endMs !== undefined ? (s.endMs - s.startMs) + ' ms' : 'running';
    const retries = s.retries ? ', ' + s.retries + (s.retries === 1 ? ' retry' : ' retries') : '';
    const label = `${s.state}: ${SPAN_TEXT[s.outcome] || s.outcome}, started after ${s.startMs} ms, ${took}${retries}`;
    return h('li', { className: 'tl-row', 'data-state': s.state, 'data-outcome': s.outcome, 'data-retries': s.retries,
        'aria-label': label },
      h('span', { className: 'tl-label' }, h('strong', {}, s.state), ' ',
        h('small', {}, s.type + ' · ' + took + retries)),
      h('span', { className: 'tl-track', 'aria-hidden': 'true' },
        h('span', { className: 'tl-span outcome-' + s.outcome, style: `left:${pct(s.startMs)};width:${width(s.startMs, s.endMs)}` }),
        s.attempts.map((a, i) => h('span', { className: 'tl-attempt attempt-' + a.outcome, 'data-outcome': a.outcome,
          title: `attempt ${i + 1}: ${a.outcome}${a.error ? ' (' + a.error + ')' : ''}`,
          style: `left:${pct(a.startMs)};width:${width(a.startMs, a.endMs)}` })),
        t.redrivesAtMs.map(ms => h('span', { className: 'tl-redrive', style: `left:${pct(ms)}` }))));
  });
  return h('figure', { className: 'timeline', id: 'timeline' },
    h('ol', { 'aria-label': 'States in the order they started, with start and duration' }, rows),
    h('figcaption', { className: 'muted' }, `0 – ${total} ms. Thin bars: task attempts (red: failed or timed out, a retry follows); `
      + (t.redrivesAtMs.length ? 'dashed line: redrive.' : 'a redrive would show as a dashed line.')));
}

// ---------------------------------------------------------------- execution: redrive

function redriveAction(x, arn, requested) {
  if (x.redriveStatus !== 'REDRIVABLE') {
    return x.redriveStatus === 'NOT_REDRIVABLE' && x.status !== 'SUCCEEDED' && x.status !== 'RUNNING'
      ? h('span', { className: 'muted' }, 'Not redrivable: ' + (x.redriveStatusReason || ''))
      : null;
  }
  const button = h('button', { type: 'button', id: 'redrive', className: 'primary' + (requested ? ' requested' : ''),
    onclick: async ev => {
      ev.target.disabled = true;
      try {
        await getJson('/_local/api/executions/' + encodeURIComponent(arn) + '/redrive', { method: 'POST' });
        announce('Execution redriven');
      } catch (e) {
        announce('Redrive failed: ' + e.message);
        ev.target.disabled = false;
        ev.target.after(h('span', { className: 'error', role: 'alert' }, ' ' + e.message));
        return;
      }
      execution(arn);
    } }, 'Redrive');
  return button;
}

function redriveSummary(x) {
  const parts = [];
  // an execution started on a version or an alias runs that version (StartExecution with a qualified ARN)
  if (x.stateMachineAliasArn) parts.push(h('dt', {}, 'Alias'), h('dd', {}, h('code', {}, x.stateMachineAliasArn)));
  if (x.stateMachineVersionArn) parts.push(h('dt', {}, 'Version'), h('dd', {}, h('code', {}, x.stateMachineVersionArn)));
  if (x.redriveCount) {
    parts.push(h('dt', {}, 'Redrives'), h('dd', {}, String(x.redriveCount), x.redriveDate ? [' (last ', time(x.redriveDate), ')'] : null));
  }
  return parts;
}

// the execution page follows a running execution (a redrive's progress shows up): it polls once a second and
// redraws only when the history grew, so details an operator opened stay open in between
let refreshTimer = null;
function refreshWhileRunning(x, arn, events) {
  clearTimeout(refreshTimer);
  if (x.status !== 'RUNNING') return;
  refreshTimer = setTimeout(async () => {
    const { path } = params();
    if (!path.startsWith('/execution/') || decodeURIComponent(path.slice('/execution/'.length)) !== arn) return;
    let next;
    try { next = await getJson('/_local/api/executions/' + encodeURIComponent(arn)); } catch (e) { next = null; }
    if (next && (next.history.length !== events || next.execution.status !== x.status)) execution(arn);
    else refreshWhileRunning(x, arn, events);
  }, 1000);
}

// ---------------------------------------------------------------- orders needing an operator

function orderAction(order) {
  if (order.status !== 'NEEDS_ATTENTION' || !order.executionArn) return '';
  return h('a', { href: '#/execution/' + encodeURIComponent(order.executionArn) + '?action=redrive',
    className: 'action' }, 'Open execution to redrive');
}

// ---------------------------------------------------------------- state machines

async function stateMachines() {
  markNav('state-machines');
  let list;
  try { list = await getJson('/_local/api/state-machines'); } catch (e) { return showError('State machines', e); }
  show('State machines', table('State machines', ['Name', 'Type', 'Created'],
    list.map(m => h('tr', {},
      h('td', {}, h('a', { href: '#/state-machine/' + encodeURIComponent(m.stateMachineArn) }, m.name)),
      h('td', {}, m.type), h('td', {}, time(m.creationDate))))));
}

function versionNumber(arn) {
  const parts = arn.split(':');
  return parts[parts.length - 1];
}

function newExecutionForm(machine) {
  const message = h('p', { id: 'input-message', className: 'muted', 'aria-live': 'polite' }, 'Input is valid JSON.');
  const input = h('textarea', { id: 'execution-input', name: 'input', rows: 10, spellcheck: 'false',
    'aria-describedby': 'input-message' }, '{\n  "comment": "started from the local console"\n}');
  const name = h('input', { id: 'execution-name', name: 'name', type: 'text', placeholder: 'generated when empty',
    maxlength: 80, autocomplete: 'off' });
  const start = h('button', { type: 'submit', className: 'primary' }, 'Start execution');
  const check = () => {
    try {
      JSON.parse(input.value);
      input.removeAttribute('aria-invalid');
      message.className = 'muted';
      message.textContent = 'Input is valid JSON.';
      start.disabled = false;
      return true;
    } catch (e) {
      input.setAttribute('aria-invalid', 'true');
      message.className = 'error';
      message.textContent = 'Input is not valid JSON: ' + e.message;
      start.disabled = true;
      return false;
    }
  };
  input.addEventListener('input', check);
  const form = h('form', { className: 'new-execution', id: 'new-execution', onsubmit: async e => {
      e.preventDefault();
      if (!check()) return;
      start.disabled = true;
      const body = { input: input.value };
      if (name.value.trim()) body.name = name.value.trim();
      try {
        const started = await getJson('/_local/api/state-machines/' + encodeURIComponent(machine.stateMachineArn) + '/executions',
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        announce('Execution started');
        go('/execution/' + encodeURIComponent(started.executionArn));
      } catch (err) {
        message.className = 'error';
        message.setAttribute('role', 'alert');
        message.textContent = 'Not started: ' + err.message;
        start.disabled = false;
      }
    } },
    h('label', { for: 'execution-name' }, 'Name (optional)', name),
    h('label', { for: 'execution-input' }, 'Input (JSON)', input),
    message, start);
  return form;
}

async function stateMachine(arn) {
  markNav('state-machines');
  let m;
  try { m = await getJson('/_local/api/state-machines/' + encodeURIComponent(arn)); } catch (e) { return showError('State machine', e); }
  let definition = m.definition;
  try { definition = JSON.stringify(JSON.parse(m.definition), null, 2); } catch (e) { /* shown as stored */ }
  const summary = h('dl', { className: 'summary' },
    h('dt', {}, 'ARN'), h('dd', {}, h('code', {}, m.stateMachineArn)),
    h('dt', {}, 'Type'), h('dd', {}, m.type),
    h('dt', {}, 'Status'), h('dd', {}, m.status),
    h('dt', {}, 'Revision'), h('dd', {}, m.revisionId || '—'),
    h('dt', {}, 'Created'), h('dd', {}, time(m.creationDate)),
    h('dt', {}, 'Executions'), h('dd', {}, h('a', { href: '#/executions' }, 'list')));
  const versions = table('Versions', ['Version', 'Description', 'Revision', 'Created'],
    m.versions.map(v => h('tr', { 'data-version': versionNumber(v.stateMachineVersionArn) },
      h('td', {}, h('code', {}, versionNumber(v.stateMachineVersionArn))), h('td', {}, v.description || ''),
      h('td', {}, v.revisionId || ''), h('td', {}, time(v.creationDate)))));
  const aliases = table('Aliases', ['Alias', 'Routing', 'Description'],
    m.aliases.map(a => h('tr', { 'data-alias': a.name },
      h('td', {}, a.name),
      h('td', {}, a.routingConfiguration.map(r => 'version ' + versionNumber(r.stateMachineVersionArn) + ': ' + r.weight + '%').join(', ')),
      h('td', {}, a.description || ''))));
  show('State machine ' + m.name, summary,
    h('section', { 'aria-labelledby': 'new-title' }, h('h3', { id: 'new-title' }, 'New execution'), newExecutionForm(m)),
    h('section', { 'aria-labelledby': 'versions-title' }, h('h3', { id: 'versions-title' }, 'Versions'), versions),
    h('section', { 'aria-labelledby': 'aliases-title' }, h('h3', { id: 'aliases-title' }, 'Aliases'), aliases),
    h('section', { 'aria-labelledby': 'definition-title' }, h('h3', { id: 'definition-title' }, 'Definition'),
      h('pre', { id: 'definition', className: 'definition' }, definition)));
  announce(`State machine ${m.name}: ${m.versions.length} versions, ${m.aliases.length} aliases`);
}
