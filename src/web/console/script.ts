/**
 * The console's script (vanilla JS, no build step). Data is rendered with textContent only.
 * Live updates come from GET /v1/agent/events read with fetch (EventSource cannot send the
 * Authorization header); on every (re)connect the queue and the open handoff are reloaded.
 */
import reasons from './reason-labels.json' with { type: 'json' }
import type { ReasonCategory } from '../../handoff/packet.js'

/** Every category has its words (a new one fails to compile here until it has them). */
const REASON_LABELS: Record<ReasonCategory, string> = reasons.labels

export const consoleJs = String.raw`'use strict'
;(function () {
  var KEY = 'parley.staffToken'
  var REASON_LABELS = ${JSON.stringify(REASON_LABELS)}
  /** A handoff's reason in words ("Asked for a person"), or its code when the category is unknown. */
  function reasonLabel(d) { return REASON_LABELS[d.reason_category] || d.reason_category || d.reason }
  var state = { token: localStorage.getItem(KEY) || '', me: null, queue: [], selected: null, detail: null, staff: [], stream: null,
    busy: {}, replyTouched: false, netError: false, saved: { handoff: null, items: [] }, hours: null }
  var $ = function (id) { return document.getElementById(id) }

  function h(tag, attrs) {
    var el = document.createElement(tag)
    for (var k in attrs || {}) {
      if (k === 'text') el.textContent = attrs[k]
      else if (k === 'class') el.className = attrs[k]
      else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), attrs[k])
      else el.setAttribute(k, attrs[k])
    }
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) el.appendChild(arguments[i])
    return el
  }

  function flash(msg, isError) {
    var el = $('flash')
    el.textContent = msg || ''
    el.hidden = !msg
    el.className = isError ? 'error' : ''
  }

  function api(method, path, body) {
    var headers = { authorization: 'Bearer ' + state.token }
    if (body !== undefined) headers['content-type'] = 'application/json'
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      reachable()
      if (res.status === 204) return null
      return res.json().catch(function () { return null }).then(function (json) {
        if (!res.ok) throw problemError(res.status, json)
        return json
      })
    }, function (err) {
      state.netError = true
      throw err
    })
  }
  // The detail says what kind of problem; the first validation error says what to change.
  function problemError(status, json) {
    var msg = (json && (json.detail || json.title)) || ('HTTP ' + status)
    var first = json && json.errors && json.errors[0]
    var err = new Error(first && first.message ? msg + ' ' + first.message : msg)
    err.status = status
    return err
  }
  // The server answered again: a "Failed to fetch" shown while it was unreachable is stale.
  function reachable() {
    if (!state.netError) return
    state.netError = false
    if ($('flash').className === 'error') flash('')
  }

  function fail(err) {
    flash(err.message, true)
    if (err.status === 401 || err.status === 403) signOut()
  }

  // ---- SLA countdown -------------------------------------------------------------------
  function slaText(item) {
    if (item.first_reply_at) return 'replied'
    if (item.state !== 'waiting' && item.state !== 'claimed') return ''
    var ms = new Date(item.sla_due_at).getTime() - Date.now()
    var sign = ms < 0 ? '-' : ''
    var s = Math.floor(Math.abs(ms) / 1000)
    var m = Math.floor(s / 60)
    s = s % 60
    return 'SLA ' + sign + m + ':' + (s < 10 ? '0' : '') + s
  }
  function slaBreached(item) {
    return item.sla_breached || (!item.first_reply_at && (item.state === 'waiting' || item.state === 'claimed') && new Date(item.sla_due_at).getTime() < Date.now())
  }
  /** Outside the team's hours, what customers handed off are told; hidden once the opening time has come. */
  function renderAway() {
    var hours = state.hours
    var away = !!hours && !hours.open && new Date(hours.next_opening).getTime() > Date.now()
    var el = $('away')
    var text = away ? 'Outside support hours: customers handed off now are told a person will reply from ' + hours.opens + '.' : ''
    // It is a live region, re-checked every second: only a change is written (and announced).
    if (el.textContent === text) return
    el.hidden = !away
    el.textContent = text
  }
  function tick() {
    renderAway()
    var nodes = document.querySelectorAll('[data-sla]')
    for (var i = 0; i < nodes.length; i++) {
      var item = findItem(nodes[i].getAttribute('data-sla'))
      if (!item) continue
      nodes[i].textContent = slaText(item)
      nodes[i].className = 'sla' + (slaBreached(item) ? ' breached' : '')
    }
  }
  function findItem(id) {
    if (state.detail && state.detail.id === id) return state.detail
    for (var i = 0; i < state.queue.length; i++) if (state.queue[i].id === id) return state.queue[i]
    return null
  }

  // ---- Queue --------------------------------------------------------------------------
  function queueQuery() {
    var q = '?state=' + encodeURIComponent($('f-state').value)
    if ($('f-priority').value) q += '&priority=' + $('f-priority').value
    if ($('f-breached').checked) q += '&breached=true'
    if ($('f-mine').checked) q += '&mine=true'
    return q
  }
  function loadQueue() {
    var token = state.token
    return api('GET', '/v1/agent/handoffs' + queueQuery()).then(function (res) {
      if (state.token !== token) return // signed out meanwhile
      state.queue = res.handoffs
      state.hours = res.support_hours
      renderQueue()
      renderAway()
    }, fail)
  }
  function renderQueue() {
    var list = $('queue')
    // The list is rebuilt on every queue event: a keyboard user on an item must stay on it.
    var focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest('#queue li') : null
    var focusId = focused ? focused.getAttribute('data-id') : null
    list.textContent = ''
    state.queue.forEach(function (item) {
      var mine = item.claimed_by && state.me && item.claimed_by === state.me.staff_id
      var selected = state.selected === item.id
      // A real button, so the queue works from the keyboard too.
      var open = h('button', { type: 'button', class: 'item', 'aria-current': selected ? 'true' : 'false', onclick: function () { select(item.id) } },
        h('span', { class: 'top' },
          h('span', { class: 'badge ' + (item.priority === 'urgent' ? 'urgent' : '') , text: item.priority }),
          h('span', { class: 'badge ' + item.state, text: mine ? 'mine' : item.state }),
          h('strong', { text: reasonLabel(item) }),
          h('span', { class: 'sla', 'data-sla': item.id })),
        h('span', { class: 'summary', text: item.last_message || item.summary || '' }))
      list.appendChild(h('li', { 'data-id': item.id, class: selected ? 'selected' : '' }, open))
    })
    $('queue-empty').hidden = state.queue.length > 0
    if (focusId) {
      var again = list.querySelector('li[data-id="' + CSS.escape(focusId) + '"] button')
      if (again) again.focus()
    }
    tick()
  }

  // ---- One handoff --------------------------------------------------------------------
  function select(id) {
    // A reply typed for one customer must never go to another.
    if (state.selected !== id) { clearReply(); clearSaved() }
    state.selected = id
    renderQueue()
    return loadDetail()
  }
  function clearReply() {
    $('reply').value = ''
    state.replyTouched = false
  }
  function loadDetail() {
    var id = state.selected
    if (!id) return Promise.resolve()
    return api('GET', '/v1/agent/handoffs/' + id).then(function (d) {
      if (state.selected !== id) return // another handoff was opened, or the agent signed out
      state.detail = d
      renderDetail()
    }, fail)
  }
  function isMine(d) {
    return d.state === 'claimed' && !!state.me && d.claimed_by === state.me.staff_id
  }
  function renderDetail() {
    var d = state.detail
    $('detail').hidden = !d
    if (!d) return
    var mine = isMine(d)
    $('d-title').textContent = (d.priority === 'urgent' ? 'URGENT: ' : '') + reasonLabel(d) + ' - ' + (d.conversation.customer_id || 'customer')
    $('d-state').textContent = mine ? 'claimed by you' : d.state
    $('d-sla').setAttribute('data-sla', d.id)

    var t = $('transcript')
    t.textContent = ''
    d.messages.forEach(function (m) {
      var who = m.role === 'agent' ? ((m.meta && m.meta.agent && m.meta.agent.name) || 'agent') : m.role
      t.appendChild(h('li', { class: m.role, 'data-seq': String(m.seq) }, h('span', { class: 'who', text: who }), document.createTextNode(m.text)))
    })

    var p = d.packet || {}
    var dl = $('packet')
    dl.textContent = ''
    function row(label, value) { if (value !== undefined && value !== null && value !== '') { dl.appendChild(h('dt', { text: label })); dl.appendChild(h('dd', { text: String(value) })) } }
    row('Priority', d.priority)
    row('Reason', reasonLabel(d) + ' (' + (d.reasons || []).join(', ') + ')')
    row(p.summarySource === 'model' ? 'Summary (AI)' : 'Summary', p.summary)
    row('Last message', p.lastMessage)
    row('Intent', p.intent ? p.intent.name + ' (' + Math.round(p.intent.confidence * 100) + '%)' : '')
    row('Sentiment trend', (p.sentimentTrend || []).map(function (x) { return x.toFixed(2) }).join(' > '))
    row('Documents', (p.documents || []).map(function (x) { return x.title }).join('\n'))
    row('SLA deadline', new Date(d.sla_due_at).toLocaleTimeString())
    row('Time to claim', d.time_to_claim_ms !== null ? Math.round(d.time_to_claim_ms / 1000) + ' s' : '')

    var notes = $('notes')
    notes.textContent = ''
    d.notes.forEach(function (n) { notes.appendChild(h('li', null, h('strong', { text: (n.staff_name || 'agent') + ': ' }), document.createTextNode(n.text))) })

    // The bot's draft goes only into a box the agent has not typed in: a late reload must not overwrite them.
    if (mine && !d.first_reply_at && p.draftReply && !state.replyTouched && !$('reply').value) $('reply').value = p.draftReply
    if (mine && state.saved.handoff !== d.id) loadSaved(d)
    renderControls()
    var sel = $('transfer-to')
    // Rebuilt on every reload (a customer message): the colleague already picked must stay picked.
    var picked = sel.value
    sel.textContent = ''
    sel.appendChild(h('option', { value: '', text: 'Back to queue' }))
    state.staff.forEach(function (s) { if (!state.me || s.staff_id !== state.me.staff_id) sel.appendChild(h('option', { value: s.staff_id, text: s.name + ' (' + s.role + ')' })) })
    sel.value = picked
    if (sel.value !== picked) sel.value = ''
    tick()
  }
  // Replies need the claim; supervisors (and admins) may also transfer, resolve or return any open handoff.
  function renderControls() {
    var d = state.detail
    if (!d) return
    var mine = isMine(d)
    var open = d.state === 'waiting' || d.state === 'claimed'
    var manage = open && (mine || (!!state.me && (state.me.role === 'supervisor' || state.me.role === 'admin')))
    $('claim').hidden = mine || !open
    $('send').disabled = !mine || !!state.busy.reply
    $('reply').disabled = !mine
    $('note-add').disabled = !!state.busy.note
    $('resolve').disabled = !manage
    $('return').disabled = !manage
    $('transfer').disabled = !manage
    $('saved-row').hidden = !mine || !state.saved.items.length
  }

  // ---- Saved replies: loaded once per opened conversation, in its language (and those for any) ----
  function loadSaved(d) {
    var id = d.id
    var lang = d.conversation && d.conversation.lang
    state.saved.handoff = id
    var q = lang === 'en' || lang === 'zh' ? '?lang=' + lang : ''
    return api('GET', '/v1/agent/saved-replies' + q).then(function (res) {
      if (state.selected !== id || state.saved.handoff !== id) return
      state.saved.items = res.saved_replies
      renderSaved()
    }, function (err) {
      if (state.saved.handoff === id) state.saved.handoff = null
      fail(err)
    })
  }
  function renderSaved() {
    var sel = $('saved-reply')
    sel.textContent = ''
    sel.appendChild(h('option', { value: '', text: 'Insert a saved reply...' }))
    state.saved.items.forEach(function (r) { sel.appendChild(h('option', { value: r.id, text: r.title })) })
    renderControls()
  }
  function clearSaved() {
    state.saved = { handoff: null, items: [] }
    $('saved-reply').textContent = ''
    $('saved-row').hidden = true
  }
  // Into an empty box as it is; after what is there, on a new line. {agent} becomes the signed-in agent's name.
  function insertSaved(id) {
    var r = null
    state.saved.items.forEach(function (x) { if (x.id === id) r = x })
    $('saved-reply').value = ''
    if (!r) return
    var text = state.me && state.me.name ? r.text.split('{agent}').join(state.me.name) : r.text
    var box = $('reply')
    box.value = box.value.trim() ? box.value.replace(/\s+$/, '') + '\n' + text : text
    state.replyTouched = true
    box.focus()
    box.setSelectionRange(box.value.length, box.value.length)
  }

  /** Resolves true when the action succeeded (its error is already shown otherwise). */
  function act(path, body, okMessage) {
    if (!state.detail) return Promise.resolve(false)
    return api('POST', '/v1/agent/handoffs/' + state.detail.id + path, body).then(function () {
      flash(okMessage || '')
      return Promise.all([loadDetail(), loadQueue()]).then(function () { return true })
    }, function (err) { fail(err); return false })
  }
  // One action, one request: the form's submit stays disabled while its request is in flight.
  function submitOnce(name, run) {
    if (state.busy[name]) return Promise.resolve(false)
    state.busy[name] = true
    renderControls()
    return run().then(function (ok) {
      state.busy[name] = false
      renderControls()
      return ok
    })
  }

  // ---- Live stream --------------------------------------------------------------------
  function connect() {
    if (state.stream) state.stream.abort()
    var ctrl = new AbortController()
    state.stream = ctrl
    fetch('/v1/agent/events', { headers: { authorization: 'Bearer ' + state.token, accept: 'text/event-stream' }, signal: ctrl.signal }).then(function (res) {
      // A revoked token will not come back by retrying: sign out instead.
      if (res.status === 401 || res.status === 403) return res.json().catch(function () { return null }).then(function (json) { fail(problemError(res.status, json)) })
      if (!res.ok || !res.body) throw new Error('stream ' + res.status)
      setLive(true)
      reachable()
      loadQueue()
      loadDetail()
      var reader = res.body.getReader()
      var decoder = new TextDecoder()
      var buf = ''
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) throw new Error('stream ended')
          buf += decoder.decode(r.value, { stream: true })
          var parts = buf.split('\n\n')
          buf = parts.pop()
          parts.forEach(handleFrame)
          return pump()
        })
      }
      return pump()
    }).catch(function () {
      if (ctrl.signal.aborted) return
      setLive(false)
      setTimeout(function () { if (state.stream === ctrl) connect() }, 2000)
    })
  }
  function setLive(on) {
    $('live').className = 'live' + (on ? ' on' : '')
    $('live').textContent = on ? 'live' : 'offline'
  }
  function handleFrame(frame) {
    var type = 'message', data = ''
    frame.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) type = line.slice(6).trim()
      else if (line.indexOf('data:') === 0) data += line.slice(5).trim()
    })
    if (!data || type === 'heartbeat' || type === 'ready') return
    // The queue changed in ways this stream's events did not carry (another server or isolate): reload.
    if (type === 'resync') {
      scheduleQueueReload()
      if (state.detail) loadDetail()
      return
    }
    var ev
    try { ev = JSON.parse(data) } catch (e) { return }
    if (type.indexOf('handoff.') === 0) scheduleQueueReload()
    var about = ev.handoff ? ev.handoff.id : ev.handoff_id
    if (state.detail && (about === state.detail.id || ev.conversation_id === state.detail.conversation.id)) loadDetail()
  }
  var reloadTimer = null
  function scheduleQueueReload() {
    if (reloadTimer) return
    reloadTimer = setTimeout(function () { reloadTimer = null; loadQueue() }, 150)
  }

  // ---- Lease renewal: keep the open handoff while the console shows it ---------------------
  setInterval(function () {
    var d = state.detail
    if (d && d.state === 'claimed' && state.me && d.claimed_by === state.me.staff_id) api('POST', '/v1/agent/handoffs/' + d.id + '/renew').catch(fail)
  }, 20000)
  setInterval(tick, 1000)

  // ---- Sign in ------------------------------------------------------------------------
  function signIn(token) {
    state.token = token
    return api('GET', '/v1/agent/me').then(function (me) {
      state.me = me
      localStorage.setItem(KEY, token)
      $('login').hidden = true
      $('me').hidden = false
      $('me-name').textContent = me.name + ' (' + me.role + ')'
      $('app').hidden = false
      flash('')
      api('GET', '/v1/agent/staff').then(function (r) { state.staff = r.staff }, function () {})
      connect()
      return loadQueue()
    }, function (err) { state.token = ''; flash(err.message, true) })
  }
  // Nothing of this agent may be left for the next one to see.
  function signOut() {
    localStorage.removeItem(KEY)
    if (state.stream) state.stream.abort()
    state.stream = null
    state.token = ''
    state.me = null
    state.queue = []
    state.hours = null
    state.selected = null
    state.detail = null
    state.staff = []
    state.busy = {}
    setLive(false)
    renderQueue()
    renderAway()
    clearDetail()
    $('token').value = ''
    $('login').hidden = false
    $('me').hidden = true
    $('me-name').textContent = ''
    $('app').hidden = true
  }
  function clearDetail() {
    $('detail').hidden = true
    ;['d-title', 'd-sla', 'd-state', 'transcript', 'packet', 'notes', 'transfer-to'].forEach(function (id) { $(id).textContent = '' })
    $('d-sla').removeAttribute('data-sla')
    clearReply()
    clearSaved()
    $('note').value = ''
    $('transfer-skill').value = ''
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('login').addEventListener('submit', function (e) { e.preventDefault(); signIn($('token').value.trim()) })
    $('logout').addEventListener('click', signOut)
    ;['f-state', 'f-priority', 'f-breached', 'f-mine'].forEach(function (id) { $(id).addEventListener('change', loadQueue) })
    $('claim-next').addEventListener('click', function () {
      api('POST', '/v1/agent/handoffs/claim').then(function (row) {
        if (!row) return flash('Nothing to claim.')
        flash('')
        return loadQueue().then(function () { return select(row.id) })
      }, fail)
    })
    $('claim').addEventListener('click', function () { act('/claim', undefined, '') })
    $('reply').addEventListener('input', function () { state.replyTouched = true })
    $('saved-reply').addEventListener('change', function () { insertSaved($('saved-reply').value) })
    $('reply-form').addEventListener('submit', function (e) {
      e.preventDefault()
      var text = $('reply').value.trim()
      if (!text) return
      submitOnce('reply', function () { return act('/reply', { text: text }, 'Reply sent.') }).then(function (ok) {
        // Keep the text on failure, and anything typed while it was sending.
        if (ok && $('reply').value.trim() === text) clearReply()
      })
    })
    $('note-form').addEventListener('submit', function (e) {
      e.preventDefault()
      var text = $('note').value.trim()
      if (!text) return
      submitOnce('note', function () { return act('/notes', { text: text }) }).then(function (ok) {
        if (ok && $('note').value.trim() === text) $('note').value = ''
      })
    })
    $('resolve').addEventListener('click', function () { act('/resolve', undefined, 'Resolved; the customer was asked for a rating.') })
    $('return').addEventListener('click', function () { act('/return', undefined, 'Returned to the bot.') })
    $('transfer').addEventListener('click', function () {
      var to = $('transfer-to').value
      var skill = $('transfer-skill').value.trim()
      act('/transfer', to ? { to: 'agent', staff_id: to } : { to: 'queue', skill: skill || null }, 'Transferred.')
    })
    if (state.token) signIn(state.token)
  })
})()
`
