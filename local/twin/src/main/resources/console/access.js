// The console's access page: the twin's most recent IAM denials (principal, action, resource, and which statement
// was missing or which deny matched), from /_local/api/access/denials. Loaded after console.js, whose helpers
// (h, table, show, showError, getJson, markNav) it uses; console.js's router calls accessPage() for #/access.
'use strict';

async function accessPage() {
  markNav('access');
  let data;
  try { data = await getJson('/_local/api/access/denials'); } catch (e) { return showError('Access denials', e); }
  const intro = h('p', { className: 'muted' }, data.enforced
    ? 'Every request to the DynamoDB, Streams, Step Functions, SSM and Secrets Manager endpoints is SigV4-verified and '
      + 'authorized against the templates\' IAM policies; the state machine\'s Lambda invokes act as its role. '
      + 'Most recent denials first.'
    : 'IAM enforcement is OFF (--iam off): nothing is verified or denied.');
  const rows = data.denials.map(d => h('tr', {},
    h('td', {}, d.principal),
    h('td', {}, d.action),
    h('td', {}, d.resource),
    h('td', {}, d.outcome === 'EXPLICIT_DENY' ? 'explicit deny: ' + (d.statement || '') : 'no statement allows it'),
    h('td', {}, d.nearMisses && d.nearMisses.length
      ? h('details', {}, h('summary', {}, d.nearMisses.length + ' near miss(es)'), h('ul', {}, ...d.nearMisses.map(m => h('li', {}, m))))
      : '')));
  show('Access denials', intro,
    table('Denials, newest first', ['Principal', 'Action', 'Resource', 'Why', 'Closest statements'], rows));
}

// console.js routed before this file was loaded: a page opened at #/access is drawn now
if (params().path === '/access') accessPage();
