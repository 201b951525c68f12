// The operator desk: DeskService.Subscribe for the operator's own state (offers, assignments,
// status), the desk calls for everything the operator does, and CitizenService for the citizen
// card (the server masks it for those not entitled to personal data).
'use strict';

// Well inside Presence:DeskTimeout (30 s by default).
const HEARTBEAT_MS = 10000;

const desk = {
  operatorId: '',
  state: null,
  card: null,
  citizen: null,
  citizenError: '',
  stream: null,
  heartbeat: null,
};

const $ = (id) => document.getElementById(id);

function showError(error) {
  $('desk-error').textContent = error ? error.message : '';
}

async function act(work) {
  showError(null);
  try {
    return await work();
  } catch (error) {
    showError(error);
    return null;
  }
}

function renderStatusOptions() {
  for (const option of $('new-status').options) {
    const [status, reason] = option.value.split('|');
    option.textContent = CC.statusText(status, reason);
  }
}

function renderState() {
  const state = desk.state;
  if (!state) {
    return;
  }
  $('who').textContent = CC.t('desk.signedInAs', state.name, state.operatorId, state.organisationId);
  $('status').textContent = CC.statusText(state.status, state.reason);
  $('status').className = `badge status-${state.status}`;
  $('status-since').textContent = CC.t('desk.since', CC.formatTime(state.statusSince));

  const offers = (state.offers ?? []).map((offer) => {
    const what = [CC.t(`channel.${offer.channel}`), offer.regionId, offer.queueId, offer.topicId, CC.t('desk.expires', CC.formatTime(offer.expiresAt))]
      .filter(Boolean).join(' · ');
    const accept = CC.element('button', { type: 'button', 'aria-label': `${CC.t('desk.accept')} ${offer.interactionId}` }, CC.t('desk.accept'));
    accept.addEventListener('click', () => acceptOffer(offer.interactionId));
    const decline = CC.element('button', { type: 'button', className: 'secondary', 'aria-label': `${CC.t('desk.decline')} ${offer.interactionId}` }, CC.t('desk.decline'));
    decline.addEventListener('click', () => act(() => CC.call('/v1/desk/decline', { operatorId: desk.operatorId, interactionId: offer.interactionId })));
    return CC.element('li', { className: 'offer', dataset: { interaction: offer.interactionId } },
      CC.element('strong', {}, offer.interactionId), CC.element('span', {}, what), accept, decline);
  });
  $('offers').replaceChildren(...offers);
  $('no-offers').hidden = offers.length > 0;

  const assignments = (state.assignments ?? []).map((assignment) => {
    const wrapUp = CC.time(assignment.wrapUpSince) !== null ? ` · ${CC.t('desk.wrapUp')}` : '';
    const open = CC.element('button', { type: 'button', className: 'secondary', 'aria-label': `${CC.t('desk.open')} ${assignment.interactionId}` }, CC.t('desk.open'));
    open.addEventListener('click', () => openCard(assignment.interactionId));
    return CC.element('li', { dataset: { interaction: assignment.interactionId } },
      CC.element('strong', {}, assignment.interactionId),
      CC.element('span', {}, `${CC.t(`channel.${assignment.channel}`)} · ${CC.t('desk.since', CC.formatTime(assignment.since))}${wrapUp}`),
      open);
  });
  $('assignments').replaceChildren(...assignments);
  $('no-assignments').hidden = assignments.length > 0;
}

function field(list, label, value) {
  if (value === undefined || value === null || value === '') {
    return;
  }
  list.append(CC.element('dt', {}, label), CC.element('dd', {}, value));
}

function renderCitizen() {
  const box = $('citizen');
  if (!desk.citizen) {
    box.replaceChildren(desk.citizenError ? CC.element('p', {}, CC.t('desk.citizen.unavailable', desk.citizenError)) : '');
    return;
  }
  const { card, access } = desk.citizen;
  const fields = CC.element('dl', { className: 'card-fields' });
  field(fields, CC.t('desk.citizen.surname'), card.surname);
  field(fields, CC.t('desk.citizen.name'), card.name);
  field(fields, CC.t('desk.citizen.patronymic'), card.patronymic);
  field(fields, CC.t('desk.citizen.phones'), (card.phones ?? []).join(', '));
  field(fields, CC.t('desk.citizen.snils'), card.snils);
  field(fields, CC.t('desk.citizen.email'), card.email);
  field(fields, CC.t('desk.region'), card.regionId);
  field(fields, CC.t('desk.language'), card.preferredLanguage);
  field(fields, CC.t('desk.citizen.history'), (card.history ?? [])
    .map((c) => `${CC.formatTime(c.at)} ${c.organisationId} ${(c.topics ?? []).join(', ')}`.trim()).join('; '));
  box.replaceChildren(CC.element('p', { className: 'badge', dataset: { access } }, CC.t(`desk.access.${access}`)), fields);
}

function renderCard() {
  const card = desk.card;
  $('card').hidden = !card;
  if (!card) {
    return;
  }
  $('card-id').textContent = card.id;

  const fields = $('card-fields');
  fields.replaceChildren();
  field(fields, CC.t('desk.state'), CC.t(`state.${card.state}`));
  field(fields, CC.t('desk.channel'), CC.t(`channel.${card.channel}`));
  field(fields, CC.t('desk.caller'), card.callerNumber);
  field(fields, CC.t('desk.region'), card.regionId);
  field(fields, CC.t('desk.language'), card.language);
  field(fields, CC.t('desk.topic'), card.topicId);
  field(fields, CC.t('desk.organisation'), card.organisationId);
  field(fields, CC.t('desk.queue'), card.queueId);
  field(fields, CC.t('desk.operatorOnCard'), card.operatorId);
  field(fields, CC.t('desk.registered'), CC.formatTime(card.registeredAt));
  field(fields, CC.t('desk.connected'), CC.time(card.connectedAt) === null ? '' : CC.formatTime(card.connectedAt));

  const robot = (card.robotTranscript ?? []).map((line) => CC.element('li', {}, line));
  $('robot-transcript').replaceChildren(...(robot.length ? robot : [CC.element('li', {}, CC.t('desk.robotNone'))]));

  const transfers = card.transfers ?? [];
  if (transfers.length === 0) {
    $('transfers').replaceChildren(CC.element('p', {}, CC.t('desk.noTransfers')));
  } else {
    const head = CC.element('tr', {}, ...['desk.transferKind', 'desk.transferTarget', 'desk.transferFrom', 'desk.transferQueue',
      'desk.transferRequested', 'desk.transferConnected', 'desk.transferNote'].map((k) => CC.element('th', { scope: 'col' }, CC.t(k))));
    const rows = transfers.map((tr) => {
      const connected = CC.time(tr.connectedAt) === null ? '' : `${CC.formatTime(tr.connectedAt)} ${tr.connectedOperatorId ?? ''}`;
      const breached = CC.time(tr.breachedAt) === null ? '' : ` (${CC.t('desk.transferBreached', CC.formatDuration(CC.seconds(tr.exceededBy)))})`;
      return CC.element('tr', { dataset: { transfer: tr.kind } },
        CC.element('td', {}, CC.t(`desk.kind.${tr.kind}`)), CC.element('td', {}, tr.target), CC.element('td', {}, tr.fromOperatorId),
        CC.element('td', {}, tr.queueId), CC.element('td', {}, CC.formatTime(tr.requestedAt)),
        CC.element('td', {}, connected + breached), CC.element('td', {}, tr.note));
    });
    $('transfers').replaceChildren(CC.element('table', { id: 'transfer-table' }, CC.element('thead', {}, head), CC.element('tbody', {}, ...rows)));
  }

  const recorded = $('recorded');
  recorded.replaceChildren();
  field(recorded, CC.t('desk.topics'), (card.topics ?? []).join(', '));
  field(recorded, CC.t('desk.questions'), (card.questions ?? []).join('; '));
  field(recorded, CC.t('desk.answer'), card.answer);
  field(recorded, CC.t('desk.comment'), card.comment);
  field(recorded, CC.t('desk.knowledgeSource'), card.knowledgeSource);

  const lines = (card.transcript ?? []).map((line) => CC.element('li', {}, `${CC.formatTime(line.at)} ${line.author}: ${line.text}`));
  $('conversation').replaceChildren(...(lines.length ? lines : [CC.element('li', {}, CC.t('desk.noConversation'))]));

  const timeline = (card.timeline ?? []).map((entry) => CC.element('tr', {},
    CC.element('td', {}, CC.formatTime(entry.at)), CC.element('td', {}, entry.kind), CC.element('td', {}, entry.actor), CC.element('td', {}, entry.detail)));
  document.querySelector('#timeline tbody').replaceChildren(...timeline);

  // What the operator may do follows the card's state; the server checks it again.
  const mine = card.operatorId === desk.operatorId;
  const connected = mine && card.state === 'INTERACTION_STATE_CONNECTED';
  const completable = connected || (mine && card.state === 'INTERACTION_STATE_WRAP_UP');
  for (const el of $('message-form').elements) el.disabled = !connected;
  for (const el of $('transfer-form').elements) el.disabled = !connected;
  for (const el of $('complete-form').elements) el.disabled = !completable;
  $('end-conversation').disabled = !connected;
  if (!$('transfer-target').value && card.organisationId) {
    $('transfer-target').value = card.organisationId;
  }
  renderCitizen();
}

async function loadCitizen() {
  desk.citizen = null;
  desk.citizenError = '';
  try {
    desk.citizen = await CC.call('/v1/citizens/card', { interactionId: desk.card.id, operatorId: desk.operatorId });
  } catch (error) {
    desk.citizenError = error.message;
  }
  renderCitizen();
}

function showCard(card, notice = '') {
  const changed = desk.card?.id !== card.id;
  desk.card = card;
  $('card-notice').textContent = notice;
  if (changed) {
    $('transfer-target').value = '';
    desk.citizen = null;
    desk.citizenError = '';
  }
  renderCard();
  if (changed) {
    $('card-title').focus();
    loadCitizen();
  }
}

async function openCard(interactionId) {
  const card = await act(() => CC.call('/v1/desk/interaction', { operatorId: desk.operatorId, interactionId }));
  if (card) {
    showCard(card);
  }
}

async function acceptOffer(interactionId) {
  const card = await act(() => CC.call('/v1/desk/accept', { operatorId: desk.operatorId, interactionId }));
  if (card) {
    showCard(card);
  }
}

async function refreshCard(interactionId) {
  if (desk.card?.id !== interactionId || desk.card.operatorId !== desk.operatorId) {
    return;
  }
  try {
    desk.card = await CC.call('/v1/desk/interaction', { operatorId: desk.operatorId, interactionId });
    renderCard();
  } catch {
    // Handed on or closed meanwhile: the card shown is the last one this operator could read.
  }
}

function onDeskEvent(event) {
  desk.state = event.state;
  renderState();
  if (event.interactionId) {
    refreshCard(event.interactionId);
  }
}

function stop(message) {
  desk.stream?.stop();
  desk.stream = null;
  clearInterval(desk.heartbeat);
  CC.signOut();
  desk.state = null;
  desk.card = null;
  $('desk').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message ?? '';
  $('connection').textContent = '';
}

async function signIn(event) {
  event.preventDefault();
  $('sign-in-error').textContent = '';
  let operatorId = $('operator-id').value.trim();
  try {
    const claims = await CC.signIn({ role: 'operator', operatorId }, $('token').value);
    operatorId = claims.operator_id || operatorId;
    const initialStatus = $('initial-status').value;
    desk.state = await CC.call('/v1/desk/sign-in', {
      operatorId,
      initialStatus,
      reason: initialStatus === 'OPERATOR_STATUS_NOT_READY' ? 'NOT_READY_REASON_BREAK' : 'NOT_READY_REASON_UNSPECIFIED',
    });
  } catch (error) {
    $('sign-in-error').textContent = error.message;
    return;
  }
  desk.operatorId = operatorId;
  $('sign-in').hidden = true;
  $('desk').hidden = false;
  renderState();
  renderCard();
  desk.stream = CC.follow('/v1/desk/subscribe', { operatorId: desk.operatorId }, onDeskEvent, stop);
  desk.heartbeat = setInterval(() => CC.call('/v1/desk/heartbeat', { operatorId }).catch(showError), HEARTBEAT_MS);
  $('status-title').focus();
}

function lines(text) {
  return text.split('\n').map((s) => s.trim()).filter(Boolean);
}

document.addEventListener('DOMContentLoaded', () => {
  CC.initLanguage();
  renderStatusOptions();
  $('status-title').tabIndex = -1;
  document.addEventListener('cc-language', () => {
    renderStatusOptions();
    renderState();
    renderCard();
  });
  $('sign-in').addEventListener('submit', signIn);

  $('status-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const [status, reason] = $('new-status').value.split('|');
    const state = await act(() => CC.call('/v1/desk/status', { operatorId: desk.operatorId, status, reason: reason || 'NOT_READY_REASON_UNSPECIFIED' }));
    if (state) {
      desk.state = state;
      renderState();
    }
  });

  $('sign-out').addEventListener('click', async () => {
    await act(() => CC.call('/v1/desk/sign-out', { operatorId: desk.operatorId }));
    stop();
  });

  $('message-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('message').value.trim();
    const card = await act(() => CC.call('/v1/desk/message', { operatorId: desk.operatorId, interactionId: desk.card.id, text }));
    if (card) {
      $('message').value = '';
      showCard(card);
    }
  });

  $('transfer-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const kind = $('transfer-kind').value;
    const target = $('transfer-target').value.trim();
    const card = await act(() => CC.call('/v1/desk/transfer', {
      operatorId: desk.operatorId, interactionId: desk.card.id, kind, target, note: $('transfer-note').value.trim(),
    }));
    if (card) {
      $('transfer-note').value = '';
      showCard(card, CC.t('desk.transferred', CC.t(`desk.kind.${kind}`), target));
    }
  });

  $('end-conversation').addEventListener('click', async () => {
    const card = await act(() => CC.call('/v1/desk/end-conversation', { operatorId: desk.operatorId, interactionId: desk.card.id }));
    if (card) {
      showCard(card);
    }
  });

  $('complete-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const card = await act(() => CC.call('/v1/desk/complete', {
      operatorId: desk.operatorId,
      interactionId: desk.card.id,
      topics: lines($('topics').value),
      answer: $('answer').value.trim(),
      questions: lines($('questions').value),
      comment: $('comment').value.trim(),
      knowledgeSource: $('knowledge-source').value.trim(),
    }));
    if (card) {
      $('complete-form').reset();
      showCard(card, CC.t('desk.completed', CC.t(`state.${card.state}`)));
    }
  });
});
