/** The dashboard's HTML shell; dashboard.js fills it from the analytics API. */
export const dashboardHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley · Operations</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/dashboard.css">
</head>
<body>
<header>
  <h1>Parley operations</h1>
  <form id="token-form" autocomplete="off">
    <label>Supervisor token <input id="token" type="password" placeholder="st_…" spellcheck="false"></label>
    <button type="submit">Save</button>
    <button type="button" id="forget">Forget</button>
  </form>
  <form id="range-form">
    <label>From (UTC) <input id="from" type="date" required></label>
    <label>To (UTC) <input id="to" type="date" required></label>
    <button type="submit">Load</button>
  </form>
</header>
<main>
  <p id="status" role="status">Paste a supervisor token to load the dashboard.</p>
  <section aria-labelledby="targets-h"><h2 id="targets-h">Targets</h2><div id="targets" class="cards"></div></section>
  <section aria-labelledby="trends-h"><h2 id="trends-h">Trends</h2><div id="trends" class="charts"></div></section>
  <section aria-labelledby="totals-h"><h2 id="totals-h">Totals</h2><table id="totals"></table></section>
  <section aria-labelledby="reasons-h"><h2 id="reasons-h">Handoffs by reason</h2><table id="reasons"></table></section>
  <section aria-labelledby="intents-h"><h2 id="intents-h">By intent</h2><table id="intents"></table></section>
  <section aria-labelledby="compliance-h"><h2 id="compliance-h">Compliance actions</h2><table id="compliance"></table></section>
  <section aria-labelledby="gaps-h"><h2 id="gaps-h">Knowledge gaps</h2><ol id="gaps"></ol></section>
</main>
<script src="/dashboard/dashboard.js" type="module"></script>
</body>
</html>
`
