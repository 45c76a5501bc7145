/**
 * The dashboard's script (plain browser JavaScript, no build step): keeps the supervisor's token
 * in localStorage, loads the summary and the knowledge gaps, and draws the trends as inline SVG.
 * Everything from the API is inserted as text, never as HTML.
 */
export const dashboardJs = String.raw`
const KEY = 'parley.dashboard.token'
const SVG = 'http://www.w3.org/2000/svg'
const $ = (id) => document.getElementById(id)

const DAY = 86400000
const isoDay = (d) => new Date(d).toISOString().slice(0, 10)
const pct = (v, digits = 1) => (v === null || v === undefined ? '–' : (v * 100).toFixed(digits) + '%')
const msText = (v) => (v === null || v === undefined ? '–' : v >= 1000 ? (v / 1000).toFixed(2) + ' s' : Math.round(v) + ' ms')
const fmt = (v, unit) => (unit === 'ms' ? msText(v) : pct(v, unit === 'share' ? 1 : 0))

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v)
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)))
  return node
}
function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v))
  return node
}
function status(text, error = false) {
  $('status').textContent = text
  $('status').className = error ? 'error' : ''
}

async function api(path) {
  const res = await fetch(path, { headers: { authorization: 'Bearer ' + (localStorage.getItem(KEY) || '') } })
  const body = await res.json().catch(() => null)
  // A 422's detail only says the query is wrong; its first error says what is wrong (e.g. from after to).
  if (!res.ok) throw new Error(body?.errors?.[0]?.message || body?.detail || body?.title || 'HTTP ' + res.status)
  return body
}

/** Takes every figure off the page, so none stays on screen that the status line no longer describes. */
function clearFigures() {
  for (const id of ['targets', 'trends', 'totals', 'reasons', 'intents', 'compliance', 'gaps']) $(id).replaceChildren()
  delete document.body.dataset.loaded
}

function renderTargets(targets) {
  const box = $('targets')
  box.replaceChildren()
  for (const t of targets) {
    const shown = t.status === 'no_data' && t.id === 'answer_accuracy' ? 'no eval report' : fmt(t.value, t.unit)
    box.append(el('div', { class: 'card ' + t.status, 'data-target': t.id, 'data-status': t.status },
      el('div', { class: 'label' }, t.label),
      el('div', { class: 'value' }, shown),
      el('div', { class: 'target' }, (t.direction === 'at_most' ? 'target ≤ ' : 'target ≥ ') + fmt(t.target, t.unit) + ' · ' + t.status.replace('_', ' ')),
      t.note && t.note !== 'no eval report' ? el('div', { class: 'note' }, t.note) : ''))
  }
}

/** A line chart of one daily series; nulls leave gaps. */
function chart(id, title, days, values, opts = {}) {
  const W = 320, H = 130, L = 40, R = 8, T = 8, B = 22
  const known = values.filter((v) => v !== null && v !== undefined)
  const max = opts.share ? 1 : Math.max(1, ...known, opts.target || 0) * 1.1
  const x = (i) => L + (days.length <= 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (days.length - 1))
  const y = (v) => T + (H - T - B) * (1 - v / max)
  const root = svg('svg', { class: 'chart', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': title, 'data-chart': id })
  root.append(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }), svg('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }))
  const top = svg('text', { x: 2, y: T + 8 })
  top.textContent = opts.share ? '100%' : opts.ms ? msText(max) : String(Math.round(max))
  const bottom = svg('text', { x: 2, y: H - B })
  bottom.textContent = '0'
  root.append(top, bottom)
  if (days.length) {
    const first = svg('text', { x: L, y: H - 6 })
    first.textContent = days[0].slice(5)
    const last = svg('text', { x: W - R - 30, y: H - 6 })
    last.textContent = days[days.length - 1].slice(5)
    root.append(first, last)
  }
  if (opts.target !== undefined) root.append(svg('line', { class: 'target', x1: L, x2: W - R, y1: y(opts.target), y2: y(opts.target) }))
  let run = []
  const flush = () => {
    if (run.length > 1) root.append(svg('polyline', { class: 'line', points: run.join(' ') }))
    run = []
  }
  values.forEach((v, i) => {
    if (v === null || v === undefined) return flush()
    run.push(x(i).toFixed(1) + ',' + y(v).toFixed(1))
    const dot = svg('circle', { class: 'dot', cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.5 })
    const tip = svg('title')
    tip.textContent = days[i] + ': ' + (opts.share ? pct(v) : opts.ms ? msText(v) : v)
    dot.append(tip)
    root.append(dot)
  })
  flush()
  return el('figure', {}, el('figcaption', {}, title), root)
}

function renderTrends(s) {
  const days = []
  for (let t = Date.parse(s.from + 'T00:00:00Z'); t <= Date.parse(s.to + 'T00:00:00Z'); t += DAY) days.push(isoDay(t))
  const byDay = new Map(s.by_day.map((d) => [d.day, d]))
  const series = (f) => days.map((d) => (byDay.has(d) ? f(byDay.get(d)) : null))
  $('trends').replaceChildren(
    chart('conversations', 'Conversations', days, series((d) => d.conversations)),
    chart('bot_p95', 'Bot first reply p95 (target ≤ 3 s)', days, series((d) => d.time_to_first_reply.bot.p95_ms), { ms: true, target: 3000 }),
    chart('ai_resolution', 'AI resolution rate', days, series((d) => d.ai_resolution_rate), { share: true }),
    chart('fcr', 'First-contact resolution (target ≥ 85%)', days, series((d) => d.first_contact_resolution_rate), { share: true, target: 0.85 }),
    chart('csat', 'CSAT (target ≥ 90%)', days, series((d) => d.csat), { share: true, target: 0.9 }),
    chart('helpful', 'Answers rated helpful', days, series((d) => d.answer_feedback.helpful_rate), { share: true }),
    chart('complaint_rate', 'Complaint rate (target ≤ 0.5%)', days, series((d) => d.complaint_rate), { share: true, target: 0.005 }),
    chart('handoff_rate', 'Handoff rate', days, series((d) => d.handoff_rate), { share: true }),
  )
}

function table(id, head, rows) {
  const t = $(id)
  t.replaceChildren(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { class: h.num ? 'num' : '' }, h.label)))))
  const body = el('tbody')
  for (const r of rows) body.append(el('tr', {}, ...r.map((c, i) => el('td', { class: head[i].num ? 'num' : '' }, c))))
  if (!rows.length) body.append(el('tr', {}, el('td', { colspan: String(head.length) }, 'nothing in this range')))
  t.append(body)
}

function renderTables(s) {
  const k = s.totals
  const N = (label) => ({ label, num: true })
  table('totals', [{ label: 'measure' }, N('value')], [
    ['Conversations', k.conversations],
    ['AI resolution rate', pct(k.ai_resolution_rate)],
    ['First-contact resolution', pct(k.first_contact_resolution_rate)],
    ['Handoff rate', pct(k.handoff_rate)],
    ['Bot first reply p50 / p95', msText(k.time_to_first_reply.bot.p50_ms) + ' / ' + msText(k.time_to_first_reply.bot.p95_ms)],
    ['Human first reply p50 / p95', msText(k.time_to_first_reply.human.p50_ms) + ' / ' + msText(k.time_to_first_reply.human.p95_ms)],
    ['SLA breaches', k.sla_breaches],
    ['CSAT (' + k.csat_responses + ' ratings)', pct(k.csat)],
    ['Survey response rate', pct(k.survey_response_rate)],
    ['Answers rated helpful (' + (k.answer_feedback.helpful + k.answer_feedback.not_helpful) + ' votes)', pct(k.answer_feedback.helpful_rate)],
    ['Complaint rate', pct(k.complaint_rate, 2)],
  ])
  table('reasons', [{ label: 'reason' }, N('handoffs'), N('per conversation')], k.handoffs_by_reason.map((r) => [r.reason, r.count, pct(r.rate)]))
  table('intents', [{ label: 'intent' }, N('conversations'), N('AI resolved'), N('handoff rate'), N('complaints')],
    s.by_intent.map((i) => [i.intent, i.conversations, pct(i.ai_resolution_rate), pct(i.handoff_rate), i.complaints]))
  table('compliance', [{ label: 'rule' }, { label: 'action' }, N('count')], k.compliance_actions.map((a) => [a.rule, a.action, a.count]))
}

function renderGaps(g) {
  const list = $('gaps')
  list.replaceChildren()
  if (!g.clusters.length) list.append(el('li', {}, 'No unanswered questions in this range.'))
  for (const c of g.clusters) {
    list.append(el('li', { 'data-count': String(c.count) },
      el('strong', {}, c.label), ' — ' + c.count + ' question' + (c.count === 1 ? '' : 's'),
      el('p', { class: 'examples' }, c.examples.join(' · '))))
  }
}

// Counts loads (and Forget), so an answer that arrives after a newer load or after Forget is dropped.
let loads = 0

async function load() {
  if (!localStorage.getItem(KEY)) return status('Paste a supervisor token to load the dashboard.')
  const q = '?from=' + encodeURIComponent($('from').value) + '&to=' + encodeURIComponent($('to').value)
  const mine = ++loads
  status('Loading…')
  try {
    const [summary, gaps] = await Promise.all([api('/v1/analytics/summary' + q), api('/v1/analytics/gaps' + q)])
    if (mine !== loads) return
    renderTargets(summary.targets)
    renderTrends(summary)
    renderTables(summary)
    renderGaps(gaps)
    status(summary.tenant_id + ' · ' + summary.from + ' to ' + summary.to + ' · figures as of ' + summary.generated_at.replace('T', ' ').slice(0, 19) + ' UTC')
    document.body.dataset.loaded = 'true'
  } catch (error) {
    if (mine !== loads) return
    clearFigures()
    status('Could not load: ' + error.message, true)
    document.body.dataset.loaded = 'error'
  }
}

$('to').value = isoDay(Date.now())
$('from').value = isoDay(Date.now() - 13 * DAY)
$('token').value = localStorage.getItem(KEY) || ''
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault()
  localStorage.setItem(KEY, $('token').value.trim())
  load()
})
$('forget').addEventListener('click', () => {
  localStorage.removeItem(KEY)
  $('token').value = ''
  loads++
  clearFigures()
  status('Token forgotten.')
})
$('range-form').addEventListener('submit', (e) => {
  e.preventDefault()
  load()
})
load()
`
