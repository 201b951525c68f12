// The supervisor wallboard: one SupervisorService.Watch stream of the organisation (presence,
// queue loads, the organisation's figures) and each queue's live statistics, read again whenever
// the stream says something changed.
'use strict';

// The regulated bounds of SPEC §6 that the live figures carry (FCR and CSAT come with the reports).
const KPI_BOUNDS = [
  { key: 'serviceLevel', field: 'serviceLevel', limit: 0.9, below: true, format: (v) => CC.formatPercent(v) },
  { key: 'averageWait', field: 'averageWait', limit: 60, below: false, format: (v) => CC.formatDuration(v), seconds: true },
  { key: 'averageHandleTime', field: 'averageHandleTime', limit: 450, below: false, format: (v) => CC.formatDuration(v), seconds: true },
  { key: 'abandonedShare', field: 'abandonedShare', limit: 0.1, below: false, format: (v) => CC.formatPercent(v) },
];

const STATUS_ORDER = [
  'OPERATOR_STATUS_AVAILABLE', 'OPERATOR_STATUS_BUSY', 'OPERATOR_STATUS_AFTER_CALL_WORK',
  'OPERATOR_STATUS_NOT_READY', 'OPERATOR_STATUS_OFFLINE',
];

// How often queue figures are read again with no change on the stream: a backstop for a change
// that reached the organisation's figures before the queue's.
const QUEUE_FIGURES_BACKSTOP_MS = 10000;

const board = {
  organisationId: '',
  operators: new Map(),
  queues: new Map(),
  queueFigures: new Map(),
  organisationFigures: null,
  watch: null,
  backstop: null,
  refreshing: false,
  refreshAgain: false,
};

function kpiValue(set, bound) {
  const raw = set?.[bound.field];
  if (raw === undefined || raw === null) {
    return null;
  }
  return bound.seconds ? CC.seconds(raw) : raw;
}

function breaches(set) {
  const out = [];
  for (const bound of KPI_BOUNDS) {
    const value = kpiValue(set, bound);
    if (value !== null && (bound.below ? value < bound.limit : value > bound.limit)) {
      out.push({ bound, value });
    }
  }
  return out;
}

function renderAlerts() {
  const list = document.getElementById('alerts');
  const items = [];
  const scopes = [[board.organisationId, board.organisationFigures?.today]];
  for (const id of [...board.queues.keys()].sort()) {
    scopes.push([id, board.queueFigures.get(id)?.today]);
  }
  for (const [scope, set] of scopes) {
    for (const { bound, value } of breaches(set)) {
      items.push(CC.element('li', { dataset: { scope, kpi: bound.key } },
        `${scope}: ${CC.t(`kpi.${bound.key}`)} ${bound.format(value)} — ${CC.t(`kpi.bound.${bound.key}`, bound.format(bound.limit))}`));
    }
  }
  list.replaceChildren(...items);
  document.getElementById('no-alerts').hidden = items.length > 0;
}

function figureCell(set, bound) {
  const value = kpiValue(set, bound);
  const breached = breaches(set).some((b) => b.bound === bound);
  const cell = CC.element('td', { className: breached ? 'num breach' : 'num' }, value === null ? CC.t('none') : bound.format(value));
  if (breached) {
    cell.append(CC.element('span', { className: 'visually-hidden' }, ` (${CC.t('kpi.breach')})`));
  }
  return cell;
}

function longestWait(queue) {
  const oldest = CC.time(queue.oldestWaitingSince);
  if (queue.waiting > 0 && oldest !== null) {
    return (CC.serverNow() - oldest) / 1000;
  }
  return queue.waiting > 0 ? CC.seconds(queue.longestWait) : 0;
}

function renderQueues() {
  const rows = [...board.queues.values()].sort((a, b) => a.queueId.localeCompare(b.queueId)).map((queue) => {
    const today = board.queueFigures.get(queue.queueId)?.today;
    const count = (n) => CC.element('td', { className: 'num' }, String(n ?? 0));
    return CC.element('tr', { dataset: { queue: queue.queueId } },
      CC.element('th', { scope: 'row' }, queue.queueId),
      CC.element('td', { className: 'num', dataset: { field: 'waiting' } }, String(queue.waiting ?? 0)),
      CC.element('td', { className: 'num', dataset: { field: 'longest-wait' } }, CC.formatDuration(longestWait(queue))),
      figureCell(today, KPI_BOUNDS[0]),
      figureCell(today, KPI_BOUNDS[1]),
      CC.element('td', { className: 'num', dataset: { field: 'offered' } }, String(today?.offered ?? 0)),
      CC.element('td', { className: 'num', dataset: { field: 'answered' } }, String(today?.answered ?? 0)),
      CC.element('td', { className: 'num', dataset: { field: 'abandoned' } }, String(today?.abandoned ?? 0)),
      count(queue.available), count(queue.busy), count(queue.notReady), count(queue.afterCallWork), count(queue.offline));
  });
  document.querySelector('#queues tbody').replaceChildren(...rows);
}

function renderOperators() {
  const operators = [...board.operators.values()].sort((a, b) =>
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.name.localeCompare(b.name));
  const rows = operators.map((op) => {
    const since = CC.time(op.since);
    const status = CC.element('td', { className: `status-${op.status}`, dataset: { field: 'status' } }, CC.statusText(op.status, op.reason));
    if (CC.time(op.deskLostSince) !== null) {
      status.append(` — ${CC.t('wallboard.deskLost')}`);
    }
    return CC.element('tr', { dataset: { operator: op.operatorId } },
      CC.element('th', { scope: 'row' }, `${op.name} (${op.operatorId})`),
      status,
      CC.element('td', { className: 'num', dataset: { field: 'time-in-status' } },
        since === null ? CC.t('none') : CC.formatDuration((CC.serverNow() - since) / 1000)),
      CC.element('td', {}, (op.queueIds ?? []).join(', ')));
  });
  document.querySelector('#operators tbody').replaceChildren(...rows);
  const counts = STATUS_ORDER.map((s) => `${CC.t(`status.${s}`)}: ${operators.filter((op) => op.status === s).length}`);
  document.getElementById('status-counts').textContent = counts.join(' · ');
}

function renderOrganisation() {
  document.getElementById('organisation-name').textContent = board.organisationId;
  const today = board.organisationFigures?.today;
  const broken = breaches(today).map((b) => b.bound.key);
  const figure = (key, label, text) => CC.element('div', { className: broken.includes(key) ? 'figure breach' : 'figure', dataset: { figure: key } },
    CC.element('dt', {}, label), CC.element('dd', {}, text));
  const bound = (key) => KPI_BOUNDS.find((b) => b.key === key);
  const shown = (key) => {
    const value = kpiValue(today, bound(key));
    return value === null ? CC.t('none') : bound(key).format(value);
  };
  document.getElementById('organisation-figures').replaceChildren(
    figure('offered', CC.t('wallboard.offered'), String(today?.offered ?? 0)),
    figure('answered', CC.t('wallboard.answered'), String(today?.answered ?? 0)),
    figure('abandoned', CC.t('wallboard.abandoned'), String(today?.abandoned ?? 0)),
    ...KPI_BOUNDS.map((b) => figure(b.key, CC.t(`kpi.${b.key}`), shown(b.key))));
}

function tick() {
  for (const row of document.querySelectorAll('#queues tr[data-queue]')) {
    const queue = board.queues.get(row.dataset.queue);
    row.querySelector('[data-field=longest-wait]').textContent = CC.formatDuration(longestWait(queue));
  }
  for (const row of document.querySelectorAll('#operators tr[data-operator]')) {
    const since = CC.time(board.operators.get(row.dataset.operator).since);
    if (since !== null) {
      row.querySelector('[data-field=time-in-status]').textContent = CC.formatDuration((CC.serverNow() - since) / 1000);
    }
  }
}

function render() {
  renderOrganisation();
  renderQueues();
  renderOperators();
  renderAlerts();
}

// One read of every queue's statistics at a time; a request meanwhile runs once more after it.
async function refreshQueueFigures() {
  if (board.refreshing) {
    board.refreshAgain = true;
    return;
  }
  board.refreshing = true;
  try {
    do {
      board.refreshAgain = false;
      const ids = [...board.queues.keys()];
      const read = await Promise.all(ids.map((queueId) => CC.call('/v1/supervisor/live-statistics', { queueId }).catch(() => null)));
      ids.forEach((id, i) => read[i] && board.queueFigures.set(id, read[i]));
      render();
    } while (board.refreshAgain && board.watch);
  } finally {
    board.refreshing = false;
  }
}

function apply(event) {
  CC.observeServerTime(event.at);
  if (event.kind === 'SUPERVISOR_EVENT_KIND_SNAPSHOT') {
    board.operators.clear();
    board.queues.clear();
  }
  if (event.kind === 'SUPERVISOR_EVENT_KIND_FIGURES') {
    board.organisationFigures = event.figures;
  }
  for (const op of event.operators ?? []) {
    board.operators.set(op.operatorId, op);
  }
  for (const queue of event.queues ?? []) {
    board.queues.set(queue.queueId, queue);
  }
  render();
  if (event.kind !== 'SUPERVISOR_EVENT_KIND_CHANGES' || (event.queues ?? []).length > 0) {
    refreshQueueFigures();
  }
}

function stop(message) {
  board.watch?.stop();
  board.watch = null;
  clearInterval(board.backstop);
  CC.signOut();
  document.getElementById('board').hidden = true;
  document.getElementById('sign-in').hidden = false;
  document.getElementById('sign-in-error').textContent = message ?? '';
  document.getElementById('connection').textContent = '';
}

async function signIn(event) {
  event.preventDefault();
  const errorText = document.getElementById('sign-in-error');
  errorText.textContent = '';
  const supervisorId = document.getElementById('supervisor-id').value.trim();
  let organisationId = document.getElementById('organisation-id').value.trim();
  try {
    const claims = await CC.signIn({ role: 'supervisor', supervisorId, organisationId }, document.getElementById('token').value);
    organisationId = claims.organisation_id || organisationId;
  } catch (error) {
    errorText.textContent = error.message;
    return;
  }
  board.organisationId = organisationId;
  board.organisationFigures = null;
  board.queueFigures.clear();
  document.getElementById('sign-in').hidden = true;
  document.getElementById('board').hidden = false;
  board.backstop = setInterval(refreshQueueFigures, QUEUE_FIGURES_BACKSTOP_MS);
  render();
  board.watch = CC.follow('/v1/supervisor/watch', { organisationId: board.organisationId }, apply, stop);
  document.getElementById('alerts-title').focus();
}

document.addEventListener('DOMContentLoaded', () => {
  CC.initLanguage();
  document.getElementById('alerts-title').tabIndex = -1;
  document.getElementById('sign-in').addEventListener('submit', signIn);
  document.getElementById('sign-out').addEventListener('click', () => stop());
  document.addEventListener('cc-language', () => board.watch && render());
  // Durations grow between messages: each second their cells (only) count on, on the server's clock.
  setInterval(() => board.watch && tick(), 1000);
});
