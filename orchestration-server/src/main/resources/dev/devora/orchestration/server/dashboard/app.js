// Devora dashboard: no build, no third-party code; served with "Content-Security-Policy: default-src 'self'",
// so nothing here uses inline handlers, inline styles or eval. The access token lives in sessionStorage only.
'use strict';

(function () {
  const API = '/api/v1';
  const TOKEN_KEY = 'devora.token';
  const views = ['login-view', 'runs-view', 'run-view', 'start-view'];
  let runsTimer = null;
  let source = null;
  let runState = null;

  const $ = (id) => document.getElementById(id);
  const token = () => sessionStorage.getItem(TOKEN_KEY);

  document.addEventListener('securitypolicyviolation', (e) => {
    document.body.dataset.cspViolations = String(Number(document.body.dataset.cspViolations || 0) + 1);
    console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
  });

  class Unauthorized extends Error {}

  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    opts.headers = Object.assign({ Accept: 'application/json', Authorization: 'Bearer ' + token() }, opts.headers);
    const response = await fetch(API + path, opts);
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      throw new Unauthorized(body && body.error ? body.error.message : 'not signed in');
    }
    return { status: response.status, body: body };
  }

  function errorText(r) {
    if (r.body && r.body.error) return r.body.error.code + ': ' + r.body.error.message;
    return 'HTTP ' + r.status;
  }

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') e.textContent = v;
      else if (k === 'className') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    });
    (children || []).forEach((c) => e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c));
    return e;
  }

  // Money is summed in billionths of a dollar, so totals do not drift with binary floating point.
  const nanos = (usd) => (usd === null || usd === undefined ? 0 : Math.round(Number(usd) * 1e9));
  const money = (n) => (n / 1e9).toFixed(6);
  const usageTokens = (u) => (u ? (u.prompt_tokens || 0) + (u.completion_tokens || 0) : 0);
  const usageCost = (u) => (u ? (u.cost_usd !== null && u.cost_usd !== undefined ? u.cost_usd : u.estimated_cost_usd) : null);
  const statusClass = (s) => 'status status-' + String(s || '').toLowerCase();

  function show(view) {
    views.forEach((v) => { $(v).hidden = v !== view; });
    $('nav').hidden = view === 'login-view';
  }

  function stopLive() {
    if (runsTimer) { clearInterval(runsTimer); runsTimer = null; }
    if (source) { source.close(); source = null; }
  }

  function signedOut(message) {
    stopLive();
    sessionStorage.removeItem(TOKEN_KEY);
    $('login-error').textContent = message || '';
    show('login-view');
    $('token').focus();
  }

  async function route() {
    stopLive();
    if (!token()) { signedOut(''); return; }
    const hash = location.hash || '#/runs';
    const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    try {
      if (parts[0] === 'runs' && parts[1]) await runPage(parts[1]);
      else if (parts[0] === 'start') await startPage(parts[1]);
      else await runsPage();
    } catch (e) {
      if (e instanceof Unauthorized) signedOut(e.message);
      else throw e;
    }
  }

  // ---- sign in ----
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    if (!value) { $('login-error').textContent = 'enter the access token'; return; }
    sessionStorage.setItem(TOKEN_KEY, value);
    try {
      const r = await api('/workflows');
      if (r.status !== 200) throw new Error(errorText(r));
      $('login-error').textContent = '';
      route();
    } catch (e) {
      signedOut(e instanceof Unauthorized ? 'the access token is not accepted' : e.message);
    }
  });
  $('sign-out').addEventListener('click', () => signedOut('signed out'));

  // ---- runs list ----
  async function runsPage() {
    show('runs-view');
    await refreshRuns();
    runsTimer = setInterval(() => {
      refreshRuns().catch((e) => { if (e instanceof Unauthorized) signedOut(e.message); });
    }, 2000);
  }

  async function refreshRuns() {
    const r = await api('/runs?limit=100');
    if (r.status !== 200) { $('runs-error').textContent = errorText(r); return; }
    $('runs-error').textContent = '';
    const body = $('runs-table').tBodies[0];
    body.replaceChildren();
    r.body.runs.forEach((run) => {
      const progress = run.progress === undefined ? (run.ended_at ? 100 : null) : run.progress;
      body.appendChild(el('tr', { 'data-run-id': run.run_id }, [
        el('td', {}, [el('a', { href: '#/runs/' + encodeURIComponent(run.run_id), text: run.run_id })]),
        el('td', { text: run.workflow_id }),
        el('td', {}, [el('span', { className: statusClass(run.status), text: run.status })]),
        el('td', { className: 'num', text: progress === null ? '' : progress + ' %' }),
        el('td', { className: 'num', text: String(usageTokens(run.usage)) }),
        el('td', { className: 'num', text: money(nanos(run.cost_usd)) }),
        el('td', { text: new Date(run.started_at).toLocaleString() })
      ]));
    });
    $('runs-empty').hidden = r.body.runs.length > 0;
    $('runs-updated').textContent = 'Last refresh ' + new Date().toLocaleTimeString() + '.';
  }

  // ---- one run, live ----
  async function runPage(id) {
    show('run-view');
    $('run-id').textContent = id;
    $('run-error').textContent = '';
    $('steps-table').tBodies[0].replaceChildren();
    runState = { id: id, steps: new Map(), calls: 0, tokens: 0, cost: 0 };
    $('run-progress').value = 0;
    $('run-progress-text').textContent = '0 %';
    renderTotals();
    // EventSource cannot send an Authorization header: the events route alone accepts ?access_token=.
    const url = API + '/runs/' + encodeURIComponent(id) + '/events?access_token=' + encodeURIComponent(token());
    const state = runState;
    source = new EventSource(url);
    const on = (type, f) => source.addEventListener(type, (m) => {
      if (runState === state && typeof m.data === 'string') f(JSON.parse(m.data));
    });
    on('run-started', (e) => setStatus('running'));
    on('run-resumed', (e) => setStatus('running'));
    on('step-started', (e) => step(e.path, e.kind, 'running', e.at));
    on('step-completed', (e) => step(e.path, e.kind, 'completed', e.at, e.duration_ms));
    on('step-failed', (e) => step(e.path, e.kind, 'failed', e.at));
    on('step-skipped', (e) => step(e.path, null, 'skipped', e.at));
    on('step-retried', (e) => step(e.path, null, 'retrying', e.at));
    on('wait-started', (e) => step(e.path, null, 'waiting', e.at));
    on('progress', (e) => setProgress(e.percent));
    on('llm-call-completed', (e) => {
      const s = step(e.path, null, null, e.at);
      const t = usageTokens(e.usage), c = nanos(usageCost(e.usage));
      s.calls += 1; s.tokens += t; s.cost += c;
      state.calls += 1; state.tokens += t; state.cost += c;
      renderStep(s);
      renderTotals();
    });
    on('run-completed', async (e) => {
      source.close();
      source = null;
      setStatus(e.status);
      const again = await api('/runs/' + encodeURIComponent(id));
      if (again.status === 200 && runState === state) applySummary(again.body);
      if (runState === state) document.body.dataset.runEnded = id;
    });
    on('error', (e) => { $('run-error').textContent = e.code + ': ' + e.message; });
    // A run just submitted may not be in the run store for a moment: ask again briefly before saying it is unknown.
    for (let attempt = 0; runState === state; attempt++) {
      const r = await api('/runs/' + encodeURIComponent(id));
      if (runState !== state) return;
      if (r.status === 200) { applySummary(r.body); return; }
      if (r.status !== 404 || attempt >= 20) { $('run-error').textContent = errorText(r); return; }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  function applySummary(run) {
    $('run-workflow').textContent = run.workflow_id;
    setStatus(run.status);
    if (run.progress !== undefined) setProgress(run.progress);
    else if (run.ended_at) setProgress(100);
  }

  function setStatus(status) {
    $('run-status').textContent = status;
    $('run-status').className = statusClass(status);
  }

  function setProgress(percent) {
    const p = Math.max(0, Math.min(100, Number(percent) || 0));
    if (p < Number($('run-progress').value)) return;  // progress only grows
    $('run-progress').value = p;
    $('run-progress-text').textContent = p + ' %';
  }

  function step(path, kind, status, at, durationMs) {
    let s = runState.steps.get(path);
    if (!s) {
      s = { path: path, kind: kind || '', status: status || 'running', started: at, durationMs: null, calls: 0, tokens: 0, cost: 0, row: el('tr') };
      s.row.dataset.step = path;
      runState.steps.set(path, s);
      $('steps-table').tBodies[0].appendChild(s.row);
    }
    if (kind) s.kind = kind;
    if (status) s.status = status;
    if (durationMs !== undefined && durationMs !== null) s.durationMs = durationMs;
    renderStep(s);
    return s;
  }

  function renderStep(s) {
    s.row.replaceChildren(
      el('td', {}, [el('code', { text: s.path })]),
      el('td', { text: s.kind }),
      el('td', {}, [el('span', { className: statusClass(s.status), text: s.status })]),
      el('td', { className: 'num', text: s.durationMs === null ? '' : (s.durationMs / 1000).toFixed(2) + ' s' }),
      el('td', { className: 'num', text: String(s.calls) }),
      el('td', { className: 'num', text: String(s.tokens) }),
      el('td', { className: 'num', text: money(s.cost) }));
  }

  function renderTotals() {
    $('total-tokens').textContent = String(runState.tokens);
    $('total-cost').textContent = money(runState.cost);
    $('total-calls').textContent = String(runState.calls);
    $('steps-total-calls').textContent = String(runState.calls);
    $('steps-total-tokens').textContent = String(runState.tokens);
    $('steps-total-cost').textContent = money(runState.cost);
  }

  // ---- start a workflow from its input spec ----
  let workflows = null;

  async function startPage(selected) {
    show('start-view');
    $('start-errors').replaceChildren();
    if (!workflows) {
      const r = await api('/workflows');
      if (r.status !== 200) { addStartError(errorText(r)); return; }
      workflows = r.body.workflows;
      const select = $('workflow-select');
      select.replaceChildren(...workflows.map((w) => el('option', { value: w.id, text: w.name + ' (' + w.id + ')' })));
      select.addEventListener('change', () => { location.hash = '#/start/' + encodeURIComponent(select.value); });
    }
    const id = selected && workflows.some((w) => w.id === selected) ? selected : workflows[0].id;
    $('workflow-select').value = id;
    const r = await api('/workflows/' + encodeURIComponent(id));
    if (r.status !== 200) { addStartError(errorText(r)); return; }
    $('workflow-description').textContent = r.body.description;
    $('start-form').dataset.workflow = id;
    $('start-fields').replaceChildren(...r.body.input.map(fieldFor));
  }

  function fieldFor(f) {
    const id = 'field-' + f.name;
    const hints = [f.type + (f.required ? ', required' : ', optional')];
    if (f.type === 'list') hints.push('one item per line (a line starting with { or [ is JSON)');
    if (f.type === 'object') hints.push('a JSON object');
    if (f.allowed && f.type !== 'string') hints.push('allowed: ' + f.allowed.join(', '));
    let input;
    const def = f.default;
    if (f.type === 'string' && f.allowed) {
      input = el('select', { id: id }, [el('option', { value: '', text: f.required ? '(choose)' : '(not set)' })]
        .concat(f.allowed.map((a) => el('option', { value: a, text: a }))));
      if (def !== undefined) input.value = def;
    } else if (f.type === 'boolean') {
      input = el('select', { id: id }, [el('option', { value: '', text: '(not set)' }),
        el('option', { value: 'true', text: 'true' }), el('option', { value: 'false', text: 'false' })]);
      if (def !== undefined) input.value = String(def);
    } else if (f.type === 'integer' || f.type === 'number') {
      input = el('input', { id: id, type: 'number', step: f.type === 'integer' ? '1' : 'any' });
      if (def !== undefined) input.value = String(def);
    } else if (f.type === 'list' || f.type === 'object') {
      input = el('textarea', { id: id, rows: f.type === 'object' ? 5 : 3 });
      if (def !== undefined) input.value = f.type === 'list' ? def.join('\n') : JSON.stringify(def, null, 2);
    } else {
      input = el('textarea', { id: id, rows: 2 });
      if (def !== undefined) input.value = String(def);
    }
    input.dataset.name = f.name;
    input.dataset.type = f.type;
    return el('div', { className: 'field' }, [
      el('label', { for: id, text: f.name }), input,
      el('div', { className: 'hint', text: (f.description ? f.description + ' — ' : '') + hints.join('; ') })]);
  }

  function readInput() {
    const input = {};
    const problems = [];
    document.querySelectorAll('#start-fields [data-name]').forEach((e) => {
      const name = e.dataset.name, type = e.dataset.type, raw = e.value;
      if (raw.trim() === '') return;
      if (type === 'integer' || type === 'number') {
        const n = Number(raw);
        if (!Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) problems.push('input.' + name + ': must be a' + (type === 'integer' ? ' whole' : '') + ' number, was "' + raw + '"');
        else input[name] = n;
      } else if (type === 'boolean') {
        input[name] = raw === 'true';
      } else if (type === 'list') {
        // One item per line; a line that starts with { or [ is a JSON item (e.g. a data model object).
        input[name] = [];
        raw.split('\n').map((s) => s.trim()).forEach((line, i) => {
          if (line === '') return;
          if (line.startsWith('{') || line.startsWith('[')) {
            try { input[name].push(JSON.parse(line)); } catch (err) {
              problems.push('input.' + name + ': line ' + (i + 1) + ' starts like JSON but is not: ' + err.message);
            }
          } else {
            input[name].push(line);
          }
        });
      } else if (type === 'object') {
        try {
          const v = JSON.parse(raw);
          if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
          input[name] = v;
        } catch (err) {
          problems.push('input.' + name + ': must be a JSON object: ' + err.message);
        }
      } else {
        input[name] = raw;
      }
    });
    return { input: input, problems: problems };
  }

  function addStartError(text) {
    $('start-errors').appendChild(el('li', { text: text }));
  }

  $('start-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('start-errors').replaceChildren();
    const read = readInput();
    if (read.problems.length) { read.problems.forEach(addStartError); return; }
    $('start-submit').disabled = true;
    try {
      const r = await api('/runs', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ workflow: $('start-form').dataset.workflow, input: read.input })
      });
      if (r.status === 202) { location.hash = '#/runs/' + encodeURIComponent(r.body.run_id); return; }
      addStartError(errorText(r));
      ((r.body && r.body.error && r.body.error.problems) || []).forEach((p) => addStartError(p.field + ': ' + p.message));
    } catch (e) {
      if (e instanceof Unauthorized) signedOut(e.message); else addStartError(String(e.message || e));
    } finally {
      $('start-submit').disabled = false;
    }
  });

  window.addEventListener('hashchange', route);
  route();
}());
