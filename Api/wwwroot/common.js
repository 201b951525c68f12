// Shared by the wallboard and the desk: language, tokens, calls to the gRPC services through their
// JSON routes (/v1/..., gRPC JSON transcoding) and reading a server stream of JSON messages.
'use strict';

const CC = (() => {
  const languageKey = 'cc.language';
  let language = localStorage.getItem(languageKey) || (navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en');
  let token = '';
  // Server time minus browser time, so durations count on the server's clock.
  let skew = 0;

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  function t(key, ...args) {
    const text = STRINGS[language]?.[key] ?? STRINGS.en[key] ?? key;
    return args.reduce((s, arg, i) => s.replace(`{${i}}`, arg), text);
  }

  function applyLanguage() {
    document.documentElement.lang = language;
    for (const el of document.querySelectorAll('[data-i18n]')) {
      el.textContent = t(el.dataset.i18n);
    }
    const toggle = document.getElementById('language');
    toggle.textContent = t('language.switch');
    toggle.lang = language === 'ru' ? 'en' : 'ru';
    document.dispatchEvent(new Event('cc-language'));
  }

  function initLanguage() {
    document.getElementById('language').addEventListener('click', () => {
      language = language === 'ru' ? 'en' : 'ru';
      localStorage.setItem(languageKey, language);
      applyLanguage();
    });
    applyLanguage();
  }

  async function errorOf(response) {
    let message = response.statusText;
    try {
      const body = await response.json();
      message = body.message || body.error || message;
    } catch {
      // Not JSON (e.g. a proxy's page): the status text says enough.
    }
    return new ApiError(response.status, response.status === 401 ? t('error.unauthenticated') : message);
  }

  function headers() {
    const h = { 'Content-Type': 'application/json' };
    if (token) {
      h.Authorization = `Bearer ${token}`;
    }
    return h;
  }

  async function call(path, body) {
    const response = await fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    if (!response.ok) {
      throw await errorOf(response);
    }
    return response.json();
  }

  // A server-streaming rpc: one JSON message per line until the server ends the stream. An error
  // after the stream began comes as a last message with code and message.
  async function stream(path, body, onMessage, signal) {
    const response = await fetch(path, { method: 'POST', headers: headers(), body: JSON.stringify(body), signal });
    if (!response.ok) {
      throw await errorOf(response);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        if (line) {
          const message = JSON.parse(line);
          if ('code' in message && 'details' in message) {
            throw new ApiError(0, message.message);
          }
          onMessage(message);
        }
      }
    }
  }

  // A pasted token wins; else the server's development token; a server without /dev/token
  // before authentication needs none, and one after it answers 401 with a clear message.
  async function signIn(devTokenRequest, pasted) {
    token = pasted.trim();
    if (token) {
      return claims(token);
    }
    const response = await fetch('/dev/token', { method: 'POST', headers: headers(), body: JSON.stringify(devTokenRequest) });
    if (response.status === 404 || response.status === 405) {
      return {};
    }
    if (!response.ok) {
      throw await errorOf(response);
    }
    token = (await response.json()).token;
    return claims(token);
  }

  function signOut() {
    token = '';
  }

  function claims(jwt) {
    try {
      const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(escape(atob(payload))));
    } catch {
      return {};
    }
  }

  // Protobuf JSON: durations are "12.5s", timestamps RFC 3339; an unset timestamp reads as year 1.
  function seconds(duration) {
    return duration ? parseFloat(duration) : null;
  }

  function time(timestamp) {
    if (!timestamp) {
      return null;
    }
    const ms = Date.parse(timestamp);
    return ms > 0 ? ms : null;
  }

  function observeServerTime(timestamp) {
    const ms = time(timestamp);
    if (ms !== null) {
      skew = ms - Date.now();
    }
  }

  function serverNow() {
    return Date.now() + skew;
  }

  function formatDuration(totalSeconds) {
    if (totalSeconds === null || totalSeconds === undefined || Number.isNaN(totalSeconds)) {
      return t('none');
    }
    const s = Math.max(0, Math.floor(totalSeconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, '0');
    return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
  }

  function formatTime(timestamp) {
    const ms = time(timestamp);
    return ms === null ? t('none') : new Date(ms).toLocaleTimeString(language === 'ru' ? 'ru-RU' : 'en-GB');
  }

  function formatPercent(ratio) {
    return ratio === null || ratio === undefined ? t('none') : `${Math.round(ratio * 1000) / 10}%`;
  }

  function statusText(status, reason) {
    const shown = t(`status.${status}`);
    return status === 'OPERATOR_STATUS_NOT_READY' && reason && reason !== 'NOT_READY_REASON_UNSPECIFIED'
      ? `${shown} (${t(`reason.${reason}`)})`
      : shown;
  }

  function element(tag, props = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'dataset') {
        Object.assign(el.dataset, value);
      } else if (key in el) {
        el[key] = value;
      } else {
        el.setAttribute(key, value);
      }
    }
    el.append(...children.filter((c) => c !== null && c !== undefined));
    return el;
  }

  function setConnection(key) {
    const el = document.getElementById('connection');
    el.dataset.state = key;
    el.textContent = t(`connection.${key}`);
  }

  // Keeps a server stream open: a dropped one is opened again (1 s, doubling to 10 s; the server
  // starts it with a fresh snapshot); a refusal (4xx) ends it and goes to onRefused. Returns { stop }.
  function follow(path, body, onMessage, onRefused) {
    let controller = null;
    let stopped = false;
    const open = async (attempt) => {
      controller = new AbortController();
      setConnection(attempt === 0 ? 'connecting' : 'lost');
      try {
        await stream(path, body, (message) => {
          attempt = 0;
          setConnection('live');
          onMessage(message);
        }, controller.signal);
      } catch (error) {
        if (stopped) {
          return;
        }
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
          stopped = true;
          onRefused(error.message);
          return;
        }
      }
      if (!stopped) {
        setConnection('lost');
        setTimeout(() => stopped || open(attempt + 1), Math.min(1000 * 2 ** attempt, 10000));
      }
    };
    open(0);
    return {
      stop() {
        stopped = true;
        controller?.abort();
      },
    };
  }

  return {
    ApiError, t, initLanguage, call, stream, follow, signIn, signOut, seconds, time, observeServerTime, serverNow,
    formatDuration, formatTime, formatPercent, statusText, element, setConnection,
    get language() { return language; },
  };
})();
