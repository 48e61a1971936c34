// Devora dashboard: no build step; its one third-party file is the vendored Mermaid bundle that draws a workflow's
// graph. Served with a Content-Security-Policy that allows scripts from this origin only, so nothing here uses inline
// handlers or eval. The access token lives in sessionStorage only.
'use strict';

(function () {
  const API = '/api/v1';
  const TOKEN_KEY = 'devora.token';
  const views = ['login-view', 'runs-view', 'run-view', 'start-view', 'metrics-view', 'catalogue-view'];
  let pollTimer = null;
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
    if (pollTimer) { clearInterval(pollTimer); pollTimer = null; }
    if (source) { source.close(); source = null; }
    runState = null;
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
      else if (parts[0] === 'metrics') await metricsPage();
      else if (parts[0] === 'catalogue') await cataloguePage();
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

  // A view read now and then every `everyMs` until the page changes (stopLive).
  async function polled(view, refresh, everyMs) {
    show(view);
    await refresh();
    pollTimer = setInterval(() => {
      refresh().catch((e) => { if (e instanceof Unauthorized) signedOut(e.message); });
    }, everyMs);
  }

  // ---- runs list ----
  const runsPage = () => polled('runs-view', refreshRuns, 2000);

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
  // The run's detail (GET /runs/{id}: steps, gate history, pending requests, usage) is what the page shows; the event
  // stream only says when to read it again (at most one read in flight) and moves status and progress at once.
  async function runPage(id) {
    show('run-view');
    $('run-id').textContent = id;
    $('run-error').textContent = '';
    $('control-result').textContent = '';
    $('steps-table').tBodies[0].replaceChildren();
    $('gates-table').tBodies[0].replaceChildren();
    $('timeline').replaceChildren();
    $('approval-list').replaceChildren();
    $('approvals').hidden = true;
    $('deliverables').hidden = true;
    $('report-text').hidden = true;
    $('run-sla').hidden = true;
    $('run-graph').replaceChildren(el('p', { className: 'muted', text: 'Drawing the workflow…' }));
    delete document.body.dataset.runEnded;
    runState = { id: id, reading: false, again: false, graph: null, workflow: null, ended: false, drafts: new Map() };
    $('run-progress').value = 0;
    $('run-progress-text').textContent = '0 %';
    const state = runState;
    // A run just submitted may not be in the run store for a moment: ask again briefly before saying it is unknown.
    for (let attempt = 0; runState === state; attempt++) {
      const r = await api('/runs/' + encodeURIComponent(id));
      if (runState !== state) return;
      if (r.status === 200) { applyDetail(r.body); break; }
      if (r.status !== 404 || attempt >= 20) { $('run-error').textContent = errorText(r); return; }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // While the run has not ended: read it again every 2 s (a waiting run has no live stream) and reopen the stream
    // when a pass of it runs (after a decision, a resume or a restart).
    pollTimer = setInterval(() => { if (runState === state && !state.ended) refreshRun(state); }, 2000);
  }

  function openStream(state) {
    // EventSource cannot send an Authorization header: the events route alone accepts ?access_token=.
    const url = API + '/runs/' + encodeURIComponent(state.id) + '/events?access_token=' + encodeURIComponent(token());
    const s = new EventSource(url);
    source = s;
    const on = (type, f) => s.addEventListener(type, (m) => {
      if (runState === state && typeof m.data === 'string') f(JSON.parse(m.data));
    });
    ['run-started', 'run-resumed', 'step-started'].forEach((t) => on(t, () => { setStatus('running'); refreshRun(state); }));
    ['step-completed', 'step-failed', 'step-skipped', 'step-retried', 'wait-started', 'gate-evaluated',
      'llm-call-completed', 'sla-breached', 'decision-recorded'].forEach((t) => on(t, () => refreshRun(state)));
    on('progress', (e) => setProgress(e.percent));
    on('run-completed', () => { closeStream(s); refreshRun(state); });
    on('error', (e) => { if (e && e.code) $('run-error').textContent = e.code + ': ' + e.message; });
    // The stream ends with the pass (or the connection drops): the 2 s reading reopens it while a pass runs.
    s.onerror = () => { closeStream(s); };
  }

  function closeStream(s) {
    s.close();
    if (source === s) source = null;
  }

  async function refreshRun(state) {
    if (state.reading) { state.again = true; return; }
    state.reading = true;
    try {
      do {
        state.again = false;
        const r = await api('/runs/' + encodeURIComponent(state.id));
        if (runState !== state) return;
        if (r.status === 200) applyDetail(r.body);
        else $('run-error').textContent = errorText(r);
      } while (state.again && runState === state);
    } catch (e) {
      if (e instanceof Unauthorized) signedOut(e.message);
    } finally {
      state.reading = false;
    }
  }

  function applyDetail(run) {
    const state = runState;
    $('run-workflow').textContent = run.workflow_id;
    setStatus(run.status);
    if (run.progress !== undefined && run.progress !== null) setProgress(run.progress);
    else if (run.ended_at) setProgress(100);
    $('total-tokens').textContent = String(usageTokens(run.usage));
    $('total-cost').textContent = money(nanos(run.cost_usd));
    $('total-calls').textContent = String(run.calls || 0);
    renderSteps(run.steps || []);
    renderTimeline(run.steps || []);
    renderGates(run.gate_history || []);
    renderApprovals(run.pending || []);
    renderSla(run.steps || []);
    if (!state.workflow) { state.workflow = run.workflow_id; drawGraph(state); }
    colourGraph(state, run.steps || []);
    const final = ['succeeded', 'partial', 'failed', 'cancelled'].includes(run.status);
    $('deliverables').hidden = !(run.status === 'succeeded' || run.status === 'partial');
    if (final) {
      state.ended = true;
      if (source) closeStream(source);
      document.body.dataset.runEnded = state.id;
    } else if (run.status !== 'waiting' && run.status !== 'paused' && !source) {
      openStream(state);
    }
    document.body.dataset.runStatus = run.status;
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

  const duration = (ms) => (ms === null || ms === undefined ? '' : (ms / 1000).toFixed(2) + ' s');
  // A longer time in words: "6 min", "2 h 5 min", "45 s".
  function span(ms) {
    const s = Math.round((ms || 0) / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    if (h) return h + ' h' + (m ? ' ' + m + ' min' : '');
    if (m) return m + ' min' + (r ? ' ' + r + ' s' : '');
    return duration(ms);
  }

  function renderSteps(steps) {
    let calls = 0, tokens = 0, cost = 0;
    $('steps-table').tBodies[0].replaceChildren(...steps.map((s) => {
      calls += s.llm_calls; tokens += s.total_tokens; cost += nanos(s.cost_usd);
      const row = el('tr', { 'data-step': s.path, className: s.sla_breached ? 'sla-breached' : null }, [
        el('td', {}, [el('code', { text: s.path })]),
        el('td', { text: s.kind || '' }),
        el('td', {}, [el('span', { className: statusClass(s.status), text: s.status })]
          .concat(s.retries ? [el('span', { className: 'muted', text: ' (' + s.retries + ' retries)' })] : [])
          .concat(s.sla_breached ? [el('span', { className: 'sla-tag', text: ' SLA of ' + span(s.sla_ms) + ' broken' })] : [])),
        el('td', { className: 'num', text: s.status === 'running' || s.status === 'waiting' ? '' : duration(s.duration_ms) }),
        el('td', { className: 'num', text: String(s.llm_calls) }),
        el('td', { className: 'num', text: String(s.total_tokens) }),
        el('td', { className: 'num', text: money(nanos(s.cost_usd)) })]);
      if (s.error) row.title = s.error;
      return row;
    }));
    $('steps-total-calls').textContent = String(calls);
    $('steps-total-tokens').textContent = String(tokens);
    $('steps-total-cost').textContent = money(cost);
  }

  // Each step a bar from its first start to its last end on the run's time axis: steps of a parallel phase overlap.
  function renderTimeline(steps) {
    const timed = steps.filter((s) => s.started_at);
    const box = $('timeline');
    if (!timed.length) { box.replaceChildren(el('p', { className: 'muted', text: 'No step has started yet.' })); return; }
    const now = Date.now();
    const start = Math.min(...timed.map((s) => Date.parse(s.started_at)));
    const endOf = (s) => (s.ended_at ? Date.parse(s.ended_at) : now);
    const end = Math.max(start + 1, ...timed.map(endOf));
    const span = end - start;
    box.replaceChildren(...timed.map((s) => {
      const bar = el('div', { className: 'bar ' + 'bar-' + s.status, title: s.path + ': ' + s.status });
      // CSSOM, not a style attribute: allowed under the page's Content-Security-Policy.
      bar.style.left = (100 * (Date.parse(s.started_at) - start) / span).toFixed(2) + '%';
      bar.style.width = Math.max(0.5, 100 * (endOf(s) - Date.parse(s.started_at)) / span).toFixed(2) + '%';
      return el('div', { className: 'lane', 'data-step': s.path }, [
        el('span', { className: 'lane-label', text: s.path }), el('div', { className: 'track' }, [bar])]);
    }).concat([el('div', { className: 'lane axis' }, [el('span', { className: 'lane-label', text: '' }),
      el('div', { className: 'track muted', text: '0 s … ' + duration(span) })])]));
  }

  function renderGates(gates) {
    $('gates-table').tBodies[0].replaceChildren(...gates.map((g) => el('tr', { 'data-step': g.path }, [
      el('td', {}, [el('code', { text: g.path })]),
      el('td', { className: 'num', text: String(g.attempt) }),
      el('td', { text: g.gate }),
      el('td', { className: 'num', text: g.score + ' / ' + g.threshold }),
      el('td', {}, [el('span', { className: g.passed ? 'status status-succeeded' : 'status status-failed', text: g.passed ? 'passed' : 'sent back' })]),
      el('td', { className: 'feedback', text: [g.feedback].concat(g.blockers || []).filter((x) => x).join(' · ') })])));
    $('gates-empty').hidden = gates.length > 0;
  }

  function renderSla(steps) {
    const broken = steps.filter((s) => s.sla_breached);
    $('run-sla').hidden = broken.length === 0;
    $('run-sla').textContent = broken.length === 0 ? '' : 'SLA broken: ' + broken.map((s) =>
      s.path + ' had taken ' + span(s.sla_elapsed_ms) + ' against an SLA of ' + span(s.sla_ms)).join('; ');
  }

  // ---- pending approvals: approve, reject with feedback, or edit, as each request allows ----
  function renderApprovals(pending) {
    const state = runState;
    $('approvals').hidden = pending.length === 0;
    const list = $('approval-list');
    const ids = pending.map((p) => p.request_id);
    // keep what a person is typing: a card is redrawn only when the set of requests changes
    if (list.dataset.ids === ids.join(',')) return;
    list.dataset.ids = ids.join(',');
    list.replaceChildren(...pending.map((p) => {
      const req = p.request || {};
      const allowed = req.allowed || ['approve', 'reject'];
      const feedback = el('textarea', { className: 'decision-feedback', rows: 3, placeholder: 'Feedback for the agent (sent with a rejection)' });
      const text = el('textarea', { className: 'decision-text', rows: 8 });
      text.value = req.show || '';
      const problem = el('p', { className: 'error decision-error', role: 'alert' });
      const buttons = allowed.map((verdict) => {
        const b = el('button', { type: 'button', className: 'decide decide-' + verdict, 'data-verdict': verdict,
          text: verdict === 'approve' ? 'Approve' : verdict === 'reject' ? 'Reject with feedback' : 'Save my edit' });
        b.addEventListener('click', () => decide(state, p, verdict, feedback, text, problem, buttons));
        return b;
      });
      return el('div', { className: 'approval', 'data-request-id': p.request_id, 'data-step': p.step }, [
        el('p', {}, [el('strong', { text: p.kind + ' of ' }), el('code', { text: p.step }),
          el('span', { className: 'muted', text: ' · asked ' + new Date(p.since).toLocaleString() + (req.approver ? ' of ' + req.approver : '') })]),
        allowed.includes('edit') ? text : el('pre', { className: 'report', text: req.show || JSON.stringify(req, null, 2) }),
        feedback, el('div', { className: 'controls' }, buttons), problem]);
    }));
  }

  async function decide(state, p, verdict, feedback, text, problem, buttons) {
    problem.textContent = '';
    const body = { request_id: p.request_id, verdict: verdict };
    if (feedback.value.trim()) body.feedback = feedback.value.trim();
    if (verdict === 'reject' && !body.feedback) { problem.textContent = 'feedback: say what to change before rejecting'; return; }
    if (verdict === 'edit') body.text = text.value;
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const r = await api('/runs/' + encodeURIComponent(state.id) + '/decisions', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body)
      });
      if (r.status !== 202) { problem.textContent = errorText(r); return; }
      $('control-result').textContent = verdict + ' recorded; the run ' + (r.body.continued === 'resumed' ? 'goes on' : 'continues');
      refreshRun(state);
    } catch (e) {
      if (e instanceof Unauthorized) signedOut(e.message); else problem.textContent = String(e.message || e);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  // ---- pause, resume, cancel, restart ----
  document.querySelectorAll('#run-view .controls button[data-action]').forEach((b) => b.addEventListener('click', async () => {
    const state = runState;
    if (!state) return;
    const action = b.dataset.action;
    try {
      const r = await api('/runs/' + encodeURIComponent(state.id) + '/' + action, { method: 'POST' });
      if (r.status >= 300) { $('control-result').textContent = errorText(r); return; }
      if (action === 'restart' && r.body && r.body.run_id && r.body.run_id !== state.id) {
        location.hash = '#/runs/' + encodeURIComponent(r.body.run_id);
        return;
      }
      $('control-result').textContent = action + ': ' + (r.body && r.body.status ? r.body.status : 'asked');
      if (action === 'restart') { state.ended = false; }
      refreshRun(state);
    } catch (e) {
      if (e instanceof Unauthorized) signedOut(e.message); else $('control-result').textContent = String(e.message || e);
    }
  }));

  // ---- the workflow's graph: its Mermaid export, drawn by the vendored Mermaid, nodes coloured by step status ----
  async function drawGraph(state) {
    const box = $('run-graph');
    try {
      const r = await api('/workflows/' + encodeURIComponent(state.workflow));
      if (runState !== state) return;
      if (r.status !== 200 || !r.body.mermaid) { box.replaceChildren(el('p', { className: 'muted', text: 'No graph: ' + errorText(r) })); return; }
      if (!window.mermaid) { box.replaceChildren(el('p', { className: 'error', text: 'Mermaid did not load' })); return; }
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral', flowchart: { htmlLabels: false } });
      const drawn = await window.mermaid.render('graph-' + Date.now(), r.body.mermaid);
      if (runState !== state) return;
      // Mermaid's output (sanitised by it: securityLevel strict), parsed in an inert document (nothing in it runs)
      // and adopted
      const svg = new DOMParser().parseFromString(drawn.svg, 'text/html').querySelector('svg');
      if (!svg) throw new Error('Mermaid drew no SVG');
      box.replaceChildren(document.importNode(svg, true));
      state.graph = graphNodes(r.body.mermaid, box);
      box.dataset.nodes = String(state.graph.size);
      colourGraph(state, state.lastSteps || []);
    } catch (e) {
      if (e instanceof Unauthorized) throw e;
      box.replaceChildren(el('p', { className: 'error', text: 'The graph could not be drawn: ' + (e.message || e) }));
    }
  }

  // Mermaid node id → the step id its label starts with (the export labels each node with its step's id).
  function graphNodes(text, box) {
    const labels = new Map();
    text.split('\n').forEach((line) => {
      const m = /^\s*(n\d+_\w+)\s*[[{(]+"([^"<]*)/.exec(line);
      if (m) labels.set(m[1], m[2].replace(/(: parallel|\?)$/, '').replace(/#quot;/g, '"').trim());
    });
    const nodes = new Map();  // step id → SVG node elements
    box.querySelectorAll('g.node').forEach((g) => {
      const id = g.getAttribute('data-id') || (/(n\d+_\w+?)-\d+$/.exec(g.id) || [])[1];
      const step = labels.get(id);
      if (!step) return;
      g.dataset.step = step;
      if (!nodes.has(step)) nodes.set(step, []);
      nodes.get(step).push(g);
    });
    return nodes;
  }

  function colourGraph(state, steps) {
    state.lastSteps = steps;
    if (!state.graph) return;
    const byId = new Map();
    steps.forEach((s) => { byId.set(s.path.split('/').pop(), s); });
    state.graph.forEach((gs, stepId) => {
      const s = byId.get(stepId);
      gs.forEach((g) => {
        ['running', 'waiting', 'succeeded', 'failed', 'skipped', 'sla'].forEach((c) => g.classList.remove('step-' + c));
        if (s) g.classList.add('step-' + s.status);
        if (s && s.sla_breached) g.classList.add('step-sla');
        g.dataset.status = s ? s.status : '';
      });
    });
  }

  // ---- deliverables: fetched with the token, then shown or saved ----
  async function fetchOutput(path) {
    const response = await fetch(API + '/runs/' + encodeURIComponent(runState.id) + '/' + path,
      { headers: { Authorization: 'Bearer ' + token() } });
    if (response.status === 401) { signedOut('not signed in'); throw new Error('not signed in'); }
    if (!response.ok) {
      let message = 'HTTP ' + response.status;
      try { const b = await response.json(); if (b.error) message = b.error.code + ': ' + b.error.message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    return response;
  }

  $('open-report').addEventListener('click', async () => {
    $('deliverables-error').textContent = '';
    try {
      $('report-text').textContent = await (await fetchOutput('report.md')).text();
      $('report-text').hidden = false;
    } catch (e) { $('deliverables-error').textContent = e.message; }
  });
  [['download-report-json', 'report.json'], ['download-zip', 'deliverables.zip']].forEach(([button, file]) => {
    $(button).addEventListener('click', async () => {
      $('deliverables-error').textContent = '';
      try {
        const blob = await (await fetchOutput(file)).blob();
        const a = el('a', { href: URL.createObjectURL(blob), download: runState.id + '-' + file });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      } catch (e) { $('deliverables-error').textContent = e.message; }
    });
  });

  // ---- metrics ----
  const metricsPage = () => polled('metrics-view', refreshMetrics, 5000);

  const rate = (r) => (r === null || r === undefined ? '—' : (100 * r).toFixed(1) + ' %');

  async function refreshMetrics() {
    const r = await api('/metrics');
    if (r.status !== 200) { $('metrics-error').textContent = errorText(r); return; }
    $('metrics-error').textContent = '';
    const m = r.body;
    $('metrics-runs').textContent = m.runs + ' (of the last ' + m.window + ')';
    $('metrics-active').textContent = m.active_runs + ' of at most ' + m.max_concurrent_runs;
    $('metrics-success').textContent = rate(m.success_rate) + ' (' + m.succeeded + ' of ' + m.ended + ' ended)';
    $('metrics-status').tBodies[0].replaceChildren(...Object.entries(m.by_status).map(([status, n]) =>
      el('tr', { 'data-status': status }, [el('td', {}, [el('span', { className: statusClass(status), text: status })]),
        el('td', { className: 'num', text: String(n) })])));
    $('metrics-workflows').tBodies[0].replaceChildren(...Object.entries(m.workflows).map(([id, w]) =>
      el('tr', { 'data-workflow': id }, [el('td', { text: id }), el('td', { className: 'num', text: String(w.runs) }),
        el('td', { className: 'num', text: String(w.ended) }), el('td', { className: 'num', text: rate(w.success_rate) }),
        el('td', { className: 'num', text: duration(w.mean_ms) }), el('td', { className: 'num', text: duration(w.p95_ms) })])));
    const agents = Object.entries(m.remote_agents || {});
    $('metrics-agents').tBodies[0].replaceChildren(...agents.map(([id, a]) => el('tr', { 'data-agent': id }, [
      el('td', {}, [el('code', { text: id })]), el('td', { text: a.endpoint || '' }),
      el('td', {}, [el('span', { className: a.available === null ? 'muted' : a.available ? 'status status-succeeded' : 'status status-failed',
        text: a.available === null ? 'not used yet' : a.available ? 'available' : 'unavailable' })]),
      el('td', { text: a.last_outcome ? a.last_outcome + ' at ' + new Date(a.last_at).toLocaleTimeString() : '' }),
      el('td', { className: 'num', text: String(a.dispatched) }), el('td', { className: 'num', text: String(a.completed) }),
      el('td', { className: 'num', text: String(a.failed + a.breaker_open) }), el('td', { className: 'num', text: String(a.fallback) })])));
    $('metrics-agents').hidden = agents.length === 0;
    $('metrics-agents-empty').hidden = agents.length > 0;
  }

  // ---- catalogue ----
  async function cataloguePage() {
    show('catalogue-view');
    $('catalogue-error').textContent = '';
    const [w, s, a, t] = await Promise.all(['/workflows', '/squads', '/agents', '/templates'].map((p) => api(p)));
    const bad = [w, s, a, t].find((r) => r.status !== 200);
    if (bad) { $('catalogue-error').textContent = errorText(bad); return; }
    $('catalogue-workflows').tBodies[0].replaceChildren(...w.body.workflows.map((x) => el('tr', { 'data-workflow': x.id }, [
      el('td', {}, [el('strong', { text: x.name }), el('br'), el('code', { text: x.id })]), el('td', { text: x.description }),
      el('td', { text: (x.squads || []).join(', ') }),
      el('td', {}, [el('a', { href: '#/start/' + encodeURIComponent(x.id), text: 'Start' })])])));
    $('catalogue-squads').tBodies[0].replaceChildren(...s.body.squads.map((x) => el('tr', {}, [
      el('td', {}, [el('strong', { text: x.name }), el('br'), el('code', { text: x.id })]), el('td', { text: x.mission }),
      el('td', { text: (x.roles || []).join(', ') })])));
    $('catalogue-agents').tBodies[0].replaceChildren(...a.body.agents.map((x) => el('tr', {}, [
      el('td', {}, [el('strong', { text: x.title }), el('br'), el('code', { text: x.id })]), el('td', { text: x.squad }),
      el('td', { text: x.tier }), el('td', { text: x.model || '' }), el('td', { text: x.summary })])));
    $('catalogue-templates').tBodies[0].replaceChildren(...t.body.templates.map((x) => el('tr', {}, [
      el('td', {}, [el('strong', { text: x.name }), el('br'), el('code', { text: x.id })]), el('td', { text: x.secteur }),
      el('td', { text: (x.phases || []).map((p) => p.title).join(' → ') }), el('td', { text: x.description })])));
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
