/**
 * The embeddable chat widget (vanilla JS, no build step), kept as a string module so it is
 * served the same on Node and Workers. Data is rendered with textContent only. The stylesheet
 * (style.ts) is put in at '__PARLEY_CSS__', the API's message limit at '__PARLEY_MAX_CHARS__'. No backticks or dollar-brace in here: it is a String.raw.
 */
export const widgetSource = String.raw`/*! Parley chat widget. Embed: <script src="https://YOUR-PARLEY/widget.js" data-key="pk_..." async></script>
 * data-lang="en|zh" data-color="#0a7" data-user-id + data-user-hash (identity verification)
 * data-mode="page" data-target="#el" (full-page chat inside an element) data-api="https://..." */
(() => {
  'use strict'
  const me = document.currentScript
  if (!me || window.__parley) return
  window.__parley = true
  const ds = me.dataset
  const API = (ds.api || new URL(me.src, location.href).origin).replace(/\/+$/, '')
  const KEY = ds.key || ''
  const PAGE = ds.mode === 'page'
  const COLOR = /^#[0-9a-f]{3,8}$/i.test(ds.color || '') ? ds.color : '#2457d6'
  const USER = ds.userId && ds.userHash ? { id: ds.userId, hash: ds.userHash } : null
  const TEXTS = {
    en: {
      title: 'Support', fresh: 'New chat', open: 'Chat with us', unread: 'Chat with us (new message)', close: 'Close chat',
      hello: 'Hi! Ask us anything. Our assistant answers right away, and a person is here if you need one.',
      input: 'Your message', placeholder: 'Type your message…', send: 'Send', you: 'You', bot: 'Assistant', agent: 'Support team',
      notice: 'Notice', ai: 'AI-generated', sources: 'Sources', typing: 'The assistant is typing…',
      waiting: 'You asked for a person: we are connecting you. They will reply here.',
      away: (when) => 'You asked for a person. The team is away now; they will reply here from ' + when + '.',
      human: (n) => 'You are chatting with ' + n + ', from our support team.', resolved: 'Our support team resolved this conversation.',
      offline: 'You are offline. Messages will be sent when the connection is back.', reconnecting: 'Connection lost. Reconnecting…',
      queued: 'Not sent yet: waiting for the connection.', failed: 'Not sent: ', oops: 'something went wrong.', rate: 'How did we do?', star: (n) => n + ' out of 5',
      comment: 'Anything to add? (optional)', submit: 'Send rating', pick: 'Choose a rating from 1 to 5.', thanks: 'Thank you for your rating!',
      forget: "Don't keep a copy of this chat", chosen: ' (chosen when this chat started)',
      useful: 'Was this helpful?', yes: 'Helpful', no: 'Not helpful', voted: 'Thanks for your feedback.',
    },
    zh: {
      title: '在线客服', fresh: '新对话', open: '联系客服', unread: '联系客服（有新消息）', close: '关闭对话',
      hello: '您好！有什么可以帮您？智能助手会立即回答，需要时也可以转人工客服。',
      input: '您的消息', placeholder: '请输入消息…', send: '发送', you: '我', bot: '智能助手', agent: '人工客服',
      notice: '通知', ai: 'AI 生成', sources: '参考来源', typing: '智能助手正在输入…',
      waiting: '已为您转接人工客服，请稍候，客服会在这里回复您。',
      away: (when) => '已为您转接人工客服。客服现在不在线，将于' + when + '起在这里回复您。',
      human: (n) => '人工客服 ' + n + ' 正在为您服务。', resolved: '人工客服已处理完本次对话。',
      offline: '网络已断开，恢复连接后会自动发送您的消息。', reconnecting: '连接已断开，正在重新连接…',
      queued: '尚未发送：等待网络连接。', failed: '发送失败：', oops: '请稍后再试。', rate: '请为本次服务评分', star: (n) => n + ' 分（满分 5 分）',
      comment: '还有什么想告诉我们的吗？（选填）', submit: '提交评价', pick: '请选择 1 到 5 分。', thanks: '感谢您的评价！',
      forget: '不保存本次对话记录', chosen: '（对话开始时已选定）',
      useful: '这个回答有帮助吗？', yes: '有帮助', no: '没有帮助', voted: '感谢您的反馈。',
      why: { 401: '身份验证失败。', 403: '没有权限。', 410: '对话已结束。', 413: '内容太长。', 422: '内容无效。' },
    },
  }
  const LANG = [ds.lang, ...(navigator.languages || [navigator.language])].map((l) => String(l || '').toLowerCase().slice(0, 2)).find((l) => l in TEXTS) || 'en'
  const T = TEXTS[LANG]
  // The server explains errors in English: in another language, a reason in the widget's own words instead.
  const reason = (e) => (/[\u3400-\u9fff]/.test(e.message) === (LANG === 'zh') ? e.message : T.why?.[e.status] || T.oops)

  // ---- state kept across page loads: anonymous customer id, conversation and its privacy choice, last event id, unsent messages
  const SKEY = 'parley:' + API + ':' + (KEY.slice(0, 16) || 'anon') + (USER ? ':' + USER.id : '')
  const store = (() => { try { localStorage.setItem('parley:probe', '1'); localStorage.removeItem('parley:probe'); return localStorage } catch { return null } })()
  const uid = () => (crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(''))
  const S = (() => {
    let s = {}
    try { s = JSON.parse(store?.getItem(SKEY) || '{}') || {} } catch {}
    // retain is kept here for a conversation not yet created (a message queued offline); once it exists, the server's copy wins (sync).
    // status: unknown (null) until the server says, so New chat is not offered in a hand-off before the transcript arrives.
    return { cid: s.cid || 'anon_' + uid(), conv: s.conv || null, retain: s.retain !== false, last: s.last || null, outbox: Array.isArray(s.outbox) ? s.outbox : [], rated: Array.isArray(s.rated) ? s.rated : [], notice: s.notice || '', away: typeof s.away === 'string' ? s.away : null, votes: s.votes && typeof s.votes === 'object' ? s.votes : {}, status: null, agent: null }
  })()
  const save = () => { try { store?.setItem(SKEY, JSON.stringify({ cid: S.cid, conv: S.conv, retain: S.retain, last: S.last, outbox: S.outbox, rated: S.rated, notice: S.notice, away: S.away, votes: S.votes })) } catch {} }
  save()

  // ---- HTTP: the customer API with the publishable key, the browser's customer id and a verified identity
  async function api(path, opts = {}) {
    const headers = { 'X-Customer-Id': S.cid, ...opts.headers }
    if (KEY) headers.Authorization = 'Bearer ' + KEY
    if (USER) Object.assign(headers, { 'X-User-Id': USER.id, 'X-User-Hash': USER.hash })
    const res = await fetch(API + path, { ...opts, headers, cache: 'no-store' })
    if (res.ok) return res
    let detail = ''
    try { detail = (await res.json()).detail || '' } catch {}
    throw Object.assign(new Error(detail || 'HTTP ' + res.status), { status: res.status, retryAfter: Number(res.headers.get('retry-after')) || 0 })
  }
  const retryable = (e) => !e.status || e.status >= 500 || e.status === 408 || e.status === 429
  const backoff = (n, after) => Math.max(after * 1000, Math.min(15000, 500 * 2 ** n) * (0.75 + Math.random() / 2))
  const json = (body, extra) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...extra }, body: JSON.stringify(body) })

  /** Server-sent events over fetch (EventSource cannot send headers): calls on(event, data, id). */
  async function readSSE(res, on) {
    const reader = res.body.getReader()
    const dec = new TextDecoder()
    let buf = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      buf += dec.decode(value, { stream: true }).replace(/\r\n?/g, '\n')
      let cut
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const ev = { event: 'message', data: [], id: null }
        for (const line of buf.slice(0, cut).split('\n')) {
          const m = /^([^:]+):? ?(.*)$/.exec(line)
          if (m && m[1] === 'data') ev.data.push(m[2])
          else if (m && (m[1] === 'event' || m[1] === 'id')) ev[m[1]] = m[2]
        }
        buf = buf.slice(cut + 2)
        if (!ev.data.length) continue
        let data
        try { data = JSON.parse(ev.data.join('\n')) } catch { continue }
        on(ev.event, data, ev.id)
      }
    }
  }

  // ---- DOM (in a shadow root, so the host page's styles neither leak in nor out)
  const el = (tag, props, ...kids) => {
    const e = document.createElement(tag)
    for (const [k, v] of Object.entries(props || {})) {
      if (v == null || v === false) continue
      if (k === 'text') e.textContent = v
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v)
      else e.setAttribute(k, v === true ? '' : v)
    }
    e.append(...kids.filter((k) => k != null && k !== false))
    return e
  }
  const host = el('div', { 'data-parley': '', style: PAGE ? 'display:block;height:100%' : null })
  const root = host.attachShadow({ mode: 'open' })
  root.append(el('style', { text: '__PARLEY_CSS__' }))
  const bubble = el('button', { class: 'bubble', type: 'button', 'aria-label': T.open, 'aria-expanded': 'false', 'aria-controls': 'parley-panel', onclick: () => toggle() },
    icon())
  const closeBtn = el('button', { class: 'x', type: 'button', 'aria-label': T.close, onclick: () => toggle(false) }, '×')
  const fresh = el('button', { class: 'new', type: 'button', text: T.fresh, hidden: true, onclick: () => newChat() })
  const banner = el('p', { class: 'banner', role: 'status', hidden: true })
  const conn = el('p', { class: 'conn', role: 'status', hidden: true })
  const log = el('ol', { class: 'log', role: 'log', 'aria-live': 'off', 'aria-label': T.title })
  const notice = el('p', { class: 'privacy', text: S.notice, hidden: !S.notice })
  const forget = el('input', { type: 'checkbox', id: 'parley-forget', onchange: () => { S.retain = !forget.checked; save() } })
  const chosen = el('span', { text: T.chosen })
  const choice = el('p', { class: 'choice' }, forget, el('label', { for: 'parley-forget', text: T.forget }, chosen))
  const scroller = el('div', { class: 'scroll' }, el('p', { class: 'hello', text: T.hello }), notice, choice, log)
  const typing = el('div', { class: 'typing', role: 'status', hidden: true }, el('span', { class: 'sr', text: T.typing }), el('i', { 'aria-hidden': 'true' }), el('i', { 'aria-hidden': 'true' }), el('i', { 'aria-hidden': 'true' }))
  const live = el('div', { class: 'sr', 'aria-live': 'polite' })
  const input = el('textarea', { id: 'parley-input', rows: '1', placeholder: T.placeholder, maxlength: '__PARLEY_MAX_CHARS__', autocomplete: 'off',
    onkeydown: (e) => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit() } } })
  const form = el('form', { class: 'compose', onsubmit: (e) => { e.preventDefault(); const t = input.value.trim(); if (t) { input.value = ''; send(t) } } },
    el('label', { class: 'sr', for: 'parley-input', text: T.input }), input, el('button', { class: 'send', type: 'submit', text: T.send }))
  const panel = el('section', { id: 'parley-panel', class: 'panel', role: PAGE ? 'region' : 'dialog', 'aria-label': T.title, hidden: !PAGE, lang: LANG === 'zh' ? 'zh-CN' : 'en',
    onkeydown: (e) => { if (e.key === 'Escape' && !PAGE) toggle(false) } },
  el('header', null, el('h2', { text: T.title }), el('div', null, fresh, PAGE ? null : closeBtn)), banner, conn, scroller, typing, form, live)
  const wrap = el('div', { class: PAGE ? 'root page' : 'root', style: '--c:' + COLOR }, PAGE ? null : bubble, panel)
  root.append(wrap)

  function toggle(open = panel.hidden) {
    if (PAGE) return
    panel.hidden = !open
    wrap.classList.toggle('open', open)
    bubble.setAttribute('aria-expanded', String(open))
    if (open) { bubble.classList.remove('unread'); bubble.setAttribute('aria-label', T.open); input.focus(); scroll() } else bubble.focus()
  }
  const scroll = () => { scroller.scrollTop = scroller.scrollHeight }
  function icon() {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
    svg.setAttribute('viewBox', '0 0 24 24')
    svg.setAttribute('aria-hidden', 'true')
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path')
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z')
    path.setAttribute('fill', '#fff')
    svg.append(path)
    return svg
  }
  const announce = (text) => { live.append(el('p', { text })); while (live.childElementCount > 3) live.firstElementChild.remove() }
  const setConn = (text) => { conn.hidden = !text; conn.textContent = text || '' }
  /** The privacy notice of this conversation, shown above it and kept with it across page loads. */
  const setNotice = (text) => { S.notice = text || ''; notice.textContent = S.notice; notice.hidden = !S.notice; save() }
  /** The choice applies to the conversation the widget creates; the API cannot change it afterwards, so it is then shown, not offered. */
  const showChoice = () => { forget.checked = !S.retain; forget.disabled = Boolean(S.conv); chosen.hidden = !S.conv; showFresh() }
  // New chat only between turns (nothing queued or streaming) and not while a person is on the conversation or awaited
  // (status handoff): leaving would strand the request with nobody reading the reply, and asking first would need a
  // confirm() dialog, which host pages and iframes may block. After a resolve (closed) it is the natural next step.
  const showFresh = () => { fresh.hidden = !S.conv || S.outbox.length > 0 || !(S.status === 'bot' || S.status === 'closed') }
  showChoice()
  /** Leaves the conversation on the server (its retention applies) and starts afresh: the next message creates a new one. */
  function newChat() {
    setStatus('bot', null, false) // also stops the old conversation's live stream
    Object.assign(S, { conv: null, last: null, rated: [], retain: true })
    setNotice('')
    items.clear()
    drafts.clear()
    log.replaceChildren()
    showChoice()
    input.focus()
  }

  // ---- messages: one <li> per message id, ordered by seq; unsent and streaming ones at the end
  const items = new Map()
  function place(li, seq) {
    if (seq != null) for (const other of log.children) if (other !== li && (other.dataset.seq == null || Number(other.dataset.seq) > seq)) return log.insertBefore(li, other)
    log.append(li)
  }
  const safeUrl = (u) => { try { const x = new URL(u); return /^https?:$/.test(x.protocol) ? x.href : null } catch { return null } }
  const agentName = (m) => { const meta = m.meta || m; return meta.agent_name || meta.agent?.name }
  function fill(li, m) {
    const meta = m.meta || m
    const name = agentName(m)
    li.className = 'msg ' + m.role
    li.replaceChildren(el('span', { class: m.role === 'customer' ? 'who sr' : 'who', text: { customer: T.you, bot: T.bot, agent: name ? name + ' · ' + T.agent : T.agent }[m.role] || T.notice }),
      el('div', { class: 'text', text: m.text }))
    // Sources are named under the reply (the reply itself carries no "According to…"); a page without a URL is named without a link.
    const cites = (meta.citations || []).filter((c) => safeUrl(c.url) || c.title)
    const source = (c) => (safeUrl(c.url) ? el('a', { href: safeUrl(c.url), target: '_blank', rel: 'noopener noreferrer', text: c.title || c.url }) : el('span', { text: c.title }))
    if (cites.length) li.append(el('div', { class: 'cites' }, el('span', { class: 'label', text: T.sources }), el('ul', null, ...cites.map((c) => el('li', null, source(c))))))
    if (m.role === 'bot' && meta.ai_generated !== false) li.append(el('span', { class: 'ai', text: T.ai }))
    // An answer from the help center (it names its sources) may be rated; small talk and hand-off notices may not.
    if (m.role === 'bot' && meta.route === 'answer' && cites.length && li.dataset.id && S.conv) li.append(vote(li.dataset.id))
    if (m.role === 'system' && meta.kind === 'feedback_request') li.append(S.rated.includes(meta.handoff_id) ? el('p', { class: 'thanks', text: T.thanks }) : rating(meta.handoff_id))
  }
  /** Adds or updates a message from the server (transcript or live event); live ones are announced new ones. */
  function upsert(m, live) {
    let it = items.get(m.id)
    const isNew = !it
    if (isNew) items.set(m.id, (it = { li: el('li', { 'data-id': m.id }), seq: null }))
    if (m.seq != null && it.seq !== m.seq) { it.seq = m.seq; it.li.dataset.seq = m.seq; place(it.li, m.seq) }
    // System messages are filled once: a refill would throw away a rating being typed.
    if (isNew || (m.role !== 'system' && it.li.querySelector('.text')?.textContent !== m.text)) fill(it.li, m)
    if (!it.li.isConnected) place(it.li, m.seq)
    if (isNew && live && m.role !== 'customer') {
      announce(it.li.querySelector('.who').textContent + ': ' + m.text)
      if (panel.hidden) { bubble.classList.add('unread'); bubble.setAttribute('aria-label', T.unread) }
    }
    if (m.seq > (S.last || 0)) { S.last = m.seq; save() }
    if (isNew && live && m.role === 'agent' && S.status === 'handoff') { S.agent = agentName(m) || T.agent; showBanner(true) }
    scroll()
  }
  function rekey(from, to, m) {
    const it = items.get(from)
    items.delete(from)
    if (!it) return
    if (!to || items.has(to)) return it.li.remove()
    items.set(to, it)
    it.li.dataset.id = to
    if (m) fill(it.li, m)
  }
  /** Who has the conversation: a clear notice while a person is on it, and after they resolved it. */
  function showBanner(live) {
    const text = S.status === 'handoff' ? (S.agent ? T.human(S.agent) : awayText() || T.waiting) : S.status === 'closed' ? T.resolved : ''
    if (banner.textContent === text) return
    banner.textContent = text
    banner.hidden = !text
    if (text && live) announce(text)
  }
  /** Outside the team's hours, when a person will reply (the handoff's available_from), on the customer's own clock. */
  function awayText() {
    if (!S.away || new Date(S.away).getTime() <= Date.now()) return ''
    return T.away(new Intl.DateTimeFormat(LANG === 'zh' ? 'zh-CN' : 'en-GB', { weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(S.away)))
  }
  /** agent: who has the conversation, when known (from the transcript); live: a change to announce. */
  function setStatus(status, agent, live = true) {
    if (status !== 'handoff' && S.away) { S.away = null; save() }
    if (status !== 'handoff') S.agent = null
    else if (agent !== undefined) S.agent = agent
    S.status = status
    showBanner(live)
    showFresh()
    if (status === 'handoff') connectEvents()
    else disconnectEvents()
  }

  // ---- the transcript: the server's record, merged by message id (so nothing shows twice)
  let syncing = null
  let again = false
  function sync(live) {
    if (!S.conv) return Promise.resolve()
    if (syncing) { again = true; return syncing }
    const conv = S.conv
    syncing = (async () => {
      try {
        const t = await (await api('/v1/conversations/' + conv)).json()
        if (conv !== S.conv) return // the customer started a new chat meanwhile
        const seen = S.last || 0
        for (const m of t.messages) upsert(m, live)
        // A transcript read before the newest message already shown (an agent's reply that came live
        // meanwhile) must not take the agent's name back off the banner.
        const newest = t.messages.reduce((n, m) => Math.max(n, m.seq || 0), 0)
        setStatus(t.status, newest >= seen ? agentIn(t.messages) : undefined, live)
        if (t.privacy && t.privacy.retain !== S.retain) { S.retain = t.privacy.retain; save(); showChoice() }
      } catch (e) {
        if (e.status === 404 && conv === S.conv) { S.conv = null; S.last = null; setNotice(''); showChoice() }
      }
    })().finally(() => { syncing = null; if (again) { again = false; sync(true) } })
    return syncing
  }

  /** The person on the current hand-off: the author of the newest agent reply since the bot or a system message last spoke. */
  const agentIn = (messages) => messages.reduce((who, m) => (m.role === 'agent' ? agentName(m) || T.agent : m.role === 'customer' ? who : null), null)

  // ---- sending: an outbox in localStorage, one message at a time, each with its own Idempotency-Key
  let flushing = false
  let flushTries = 0
  let flushTimer = 0
  function send(text) {
    const item = { k: uid(), text }
    S.outbox.push(item)
    save()
    showFresh()
    pending(item)
    flush()
  }
  function pending(item) {
    const li = el('li', { class: 'msg customer pending' }, el('span', { class: 'who sr', text: T.you }), el('div', { class: 'text', text: item.text }), el('span', { class: 'note' }))
    items.set('k:' + item.k, { li, seq: null })
    log.append(li)
    scroll()
  }
  const note = (item, text) => { const n = items.get('k:' + item.k)?.li.querySelector('.note'); if (n) n.textContent = text }
  async function flush() {
    if (flushing || !S.outbox.length) return
    flushing = true
    clearTimeout(flushTimer)
    const item = S.outbox[0]
    try {
      await post(item)
      S.outbox.shift()
      flushTries = 0
      setConn(navigator.onLine === false ? T.offline : '')
    } catch (e) {
      typing.hidden = true
      if (retryable(e) || e.status === 404) {
        note(item, T.queued)
        setConn(navigator.onLine === false ? T.offline : T.reconnecting)
        flushTimer = setTimeout(flush, backoff(flushTries++, e.retryAfter || 0))
        flushing = false
        return
      }
      S.outbox.shift()
      note(item, T.failed + reason(e))
      items.get('k:' + item.k)?.li.classList.replace('pending', 'failed')
      items.delete('k:' + item.k)
      drafts.get(item.k)?.li.remove()
    } finally {
      save()
      showFresh()
    }
    flushing = false
    if (S.outbox.length) flush()
    else sync(true)
  }
  const drafts = new Map()
  async function post(item) {
    if (!S.conv) {
      const retain = S.retain
      // The choice goes out with the request that creates the conversation: a tick while it is out would be lost.
      forget.disabled = true
      let created
      try {
        created = await (await api('/v1/conversations', json({ lang: LANG, retain, metadata: { source: 'widget' } }))).json()
      } catch (error) {
        showChoice()
        throw error
      }
      S.conv = created.id
      S.retain = created.privacy?.retain ?? retain
      S.last = null
      showChoice()
      // The notice is shown (and read out) once, as the conversation starts; it stays above it after a reload.
      setNotice(created.privacy?.notice?.[LANG])
      if (S.notice) announce(S.notice)
    }
    typing.hidden = false
    scroll()
    let res
    try {
      res = await api('/v1/conversations/' + S.conv + '/messages', json({ text: item.text }, { Accept: 'text/event-stream', 'Idempotency-Key': item.k }))
    } catch (e) {
      // The conversation is gone (e.g. the site's data was reset): start a new one, with a new key.
      if (e.status === 404) { S.conv = null; item.k = rekeyPending(item); save(); showChoice() }
      throw e
    }
    let draft = drafts.get(item.k)
    if (!draft) drafts.set(item.k, (draft = { li: el('li', { class: 'msg bot streaming' }, el('span', { class: 'who', text: T.bot }), el('div', { class: 'text' })), seq: null }))
    const text = draft.li.querySelector('.text')
    let reply = null
    let failure = null
    let first = true
    await readSSE(res, (event, data) => {
      if (event === 'delta') {
        typing.hidden = true
        if (first) { text.textContent = ''; first = false }
        if (!draft.li.isConnected) log.append(draft.li)
        text.textContent += data.text
        scroll()
      } else if (event === 'reply') reply = data
      else if (event === 'error') failure = Object.assign(new Error(data.detail || data.title || 'error'), { status: data.status || 500 })
    })
    if (failure) throw failure
    if (!reply) throw new Error('the answer was cut off')
    typing.hidden = true
    drafts.delete(item.k)
    rekey('k:' + item.k, reply.message_id)
    items.get(reply.message_id)?.li.classList.remove('pending')
    if (items.get(reply.message_id)) items.get(reply.message_id).li.querySelector('.note')?.remove()
    items.set('d:' + item.k, draft)
    const m = { role: 'bot', text: reply.message, meta: { citations: reply.citations, ai_generated: reply.ai_generated, route: reply.route } }
    if (reply.message && reply.reply_id) {
      rekey('d:' + item.k, reply.reply_id, m)
      if (!draft.li.isConnected && items.get(reply.reply_id) === draft) log.append(draft.li)
      if (items.get(reply.reply_id) === draft) announce(T.bot + ': ' + reply.message)
    } else rekey('d:' + item.k, null)
    draft.li.classList.remove('streaming')
    if (reply.route === 'handoff') {
      if (reply.handoff?.available_from) { S.away = reply.handoff.available_from; save() }
      setStatus('handoff')
    }
    scroll()
  }
  function rekeyPending(item) {
    const k = uid()
    const it = items.get('k:' + item.k)
    items.delete('k:' + item.k)
    if (it) items.set('k:' + k, it)
    return k
  }

  // ---- live updates while a person has the conversation: GET /events, resumed with Last-Event-ID
  let events = null
  let eventTries = 0
  let eventTimer = 0
  function connectEvents() {
    if (events || !S.conv || S.status !== 'handoff') return
    const ctl = (events = new AbortController())
    clearTimeout(eventTimer)
    api('/v1/conversations/' + S.conv + '/events', { headers: { Accept: 'text/event-stream', ...(S.last ? { 'Last-Event-ID': S.last } : {}) }, signal: ctl.signal })
      .then((res) => {
        eventTries = 0
        if (!flushing) setConn(navigator.onLine === false ? T.offline : '')
        // The server first sends the status, then every message after Last-Event-ID (a sequence number), then live ones.
        // While a message of ours is being posted, its turn arrives on the POST itself (and the transcript after it).
        return readSSE(res, (event, data) => {
          if (events !== ctl) return
          if (event === 'message' && data.id && !(flushing && (data.role === 'customer' || data.role === 'bot'))) upsert(data, true)
          else if (event === 'status') setStatus(data.status)
        })
      })
      .catch((e) => e)
      .then((e) => {
        if (events !== ctl) return
        events = null
        if ((e && e.status && !retryable(e)) || S.status !== 'handoff') return
        setConn(navigator.onLine === false ? T.offline : T.reconnecting)
        eventTimer = setTimeout(connectEvents, backoff(eventTries++, (e && e.retryAfter) || 0))
      })
  }
  function disconnectEvents() {
    const ctl = events
    events = null
    clearTimeout(eventTimer)
    ctl?.abort()
  }

  // ---- "Was this helpful?" under each answer: a vote the customer may change, kept across page loads
  function vote(id) {
    const err = el('p', { class: 'err', role: 'alert' })
    const said = el('span', { class: 'voted', text: id in S.votes ? T.voted : '' })
    const pick = async (helpful) => {
      err.textContent = ''
      try {
        await api('/v1/conversations/' + S.conv + '/messages/' + encodeURIComponent(id) + '/feedback', { ...json({ helpful }), method: 'PUT' })
        S.votes[id] = helpful
        save()
        show()
        said.textContent = T.voted
        announce(T.voted)
      } catch (x) { err.textContent = T.failed + reason(x) }
    }
    const yes = el('button', { type: 'button', class: 'thumb', 'aria-label': T.yes, title: T.yes, onclick: () => pick(true) }, '👍')
    const no = el('button', { type: 'button', class: 'thumb', 'aria-label': T.no, title: T.no, onclick: () => pick(false) }, '👎')
    const show = () => { yes.setAttribute('aria-pressed', String(S.votes[id] === true)); no.setAttribute('aria-pressed', String(S.votes[id] === false)) }
    show()
    return el('div', { class: 'vote', role: 'group', 'aria-label': T.useful }, yes, no, said, err)
  }

  // ---- satisfaction prompt after a person resolved the conversation
  function rating(handoffId) {
    const name = 'r' + uid().slice(0, 8)
    const err = el('p', { class: 'err', role: 'alert' })
    const comment = el('textarea', { id: name + 'c', rows: '2', maxlength: '2000' })
    const stars = [1, 2, 3, 4, 5].map((n) => [el('input', { type: 'radio', name, id: name + n, value: String(n) }), el('label', { for: name + n, title: T.star(n) }, el('span', { 'aria-hidden': 'true', text: '★' }), el('span', { class: 'sr', text: T.star(n) }))])
    const f = el('form', { class: 'rate', onsubmit: async (e) => {
      e.preventDefault()
      const picked = f.querySelector('input:checked')
      if (!picked) return (err.textContent = T.pick)
      const done = () => { S.rated.push(handoffId); save(); f.replaceWith(el('p', { class: 'thanks', text: T.thanks })); announce(T.thanks) }
      try {
        await api('/v1/conversations/' + S.conv + '/feedback', json({ rating: Number(picked.value), ...(comment.value.trim() ? { comment: comment.value.trim() } : {}) }))
        done()
      } catch (x) {
        if (x.status === 409) done()
        else err.textContent = T.failed + reason(x)
      }
    } },
    el('fieldset', null, el('legend', { text: T.rate }), el('div', { class: 'stars' }, ...stars.flat())),
    el('label', { for: name + 'c', text: T.comment }), comment, err, el('button', { class: 'send', type: 'submit', text: T.submit }))
    return f
  }

  // ---- start
  function start() {
    const target = (ds.target && document.querySelector(ds.target)) || document.body
    target.append(host)
    for (const item of S.outbox) pending(item)
    sync(false).then(() => flush())
    addEventListener('online', () => { setConn(''); flushTries = eventTries = 0; flush(); connectEvents() })
    addEventListener('offline', () => setConn(T.offline))
  }
  if (document.body) start()
  else addEventListener('DOMContentLoaded', start)
})()
`
