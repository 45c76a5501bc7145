import { NOTE_MAX_CHARS } from '../../http/schemas.js'

/**
 * The console's HTML shell; the script fills it in. Its text boxes take what the API takes:
 * replies up to `maxMessageChars` (the server's MAX_MESSAGE_CHARS), notes up to the notes schema's limit.
 */
export const consoleHtml = ({ maxMessageChars }: { maxMessageChars: number }) => String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley agent console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/console.css">
<script src="/console/console.js" defer></script>
</head>
<body>
<header>
  <h1>Parley <span>agent console</span></h1>
  <form id="login" autocomplete="off">
    <input id="token" type="password" placeholder="Staff token (st_...)" aria-label="Staff token" required>
    <button type="submit" class="primary">Connect</button>
  </form>
  <div id="me" hidden><span id="me-name"></span> <span id="live" class="live" title="live updates">offline</span> <button id="logout" type="button" class="link">Sign out</button></div>
</header>
<p id="flash" role="status" hidden></p>
<main id="app" hidden>
  <section id="queue-pane" aria-label="Queue">
    <div class="toolbar">
      <select id="f-state" aria-label="State">
        <option value="open">Open</option><option value="waiting">Waiting</option><option value="claimed">Claimed</option>
        <option value="resolved">Resolved</option><option value="returned">Returned</option><option value="all">All</option>
      </select>
      <select id="f-priority" aria-label="Priority"><option value="">Any priority</option><option value="urgent">Urgent</option><option value="normal">Normal</option></select>
      <label><input id="f-breached" type="checkbox"> SLA breached</label>
      <label><input id="f-mine" type="checkbox"> Mine</label>
      <button id="claim-next" type="button" class="primary">Claim next</button>
    </div>
    <p id="away" role="status" hidden></p>
    <ul id="queue"></ul>
    <p id="queue-empty" class="muted">No handoffs.</p>
  </section>
  <section id="detail" aria-label="Conversation" hidden>
    <div class="detail-head">
      <h2 id="d-title"></h2>
      <span id="d-sla" class="sla"></span>
      <span id="d-state" class="badge"></span>
    </div>
    <div class="columns">
      <div class="transcript-col">
        <ol id="transcript"></ol>
        <form id="reply-form">
          <div id="saved-row" class="row saved" hidden><label for="saved-reply">Saved replies</label><select id="saved-reply"></select></div>
          <textarea id="reply" rows="4" maxlength="${maxMessageChars}" placeholder="Reply to the customer" aria-label="Reply"></textarea>
          <div class="row"><button id="send" type="submit" class="primary">Send reply</button><button id="claim" type="button">Claim</button></div>
        </form>
        <div class="row actions">
          <button id="resolve" type="button">Resolve</button>
          <button id="return" type="button">Return to bot</button>
          <select id="transfer-to" aria-label="Transfer to"></select>
          <input id="transfer-skill" placeholder="skill tag (optional)" aria-label="Skill tag" size="14">
          <button id="transfer" type="button">Transfer</button>
        </div>
      </div>
      <aside class="packet">
        <h3>Handoff packet</h3>
        <dl id="packet"></dl>
        <h3>Internal notes</h3>
        <ul id="notes"></ul>
        <form id="note-form"><input id="note" maxlength="${NOTE_MAX_CHARS}" placeholder="Add a note (agents only)" aria-label="Note"><button id="note-add" type="submit">Add</button></form>
      </aside>
    </div>
  </section>
</main>
</body>
</html>
`
