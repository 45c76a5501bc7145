/** GET /chat: a full page around the widget (data-mode="page"), to try the bot. */
const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

export interface ChatPageOptions {
  lang?: 'en' | 'zh'
  /** A tenant's publishable key; without one the page relies on anonymous demo access. */
  publishableKey?: string
  /** False when the server admits no anonymous customers and no key was given. */
  canChat: boolean
}

export function chatPage({ lang, publishableKey, canChat }: ChatPageOptions): string {
  const zh = lang === 'zh'
  const attrs = ['src="/widget.js"', 'data-mode="page"', 'data-target="#chat"']
  if (publishableKey) attrs.push(`data-key="${escape(publishableKey)}"`)
  if (lang) attrs.push(`data-lang="${lang}"`)
  const body = canChat
    ? `<script ${attrs.join(' ')}></script>`
    : '<p class="missing">This server admits no anonymous customers. Open <code>/chat?key=pk_…</code> with a publishable key of your tenant.</p>'
  return `<!doctype html>
<html lang="${zh ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${zh ? 'Parley 在线客服' : 'Parley chat'}</title>
<style>
html, body { margin: 0; height: 100%; background: #eef1f5; }
main { max-width: 760px; height: 100%; margin: 0 auto; background: #fff; box-shadow: 0 0 30px #0001; }
.missing { font: 16px/1.5 system-ui, sans-serif; padding: 32px; }
</style>
</head>
<body>
<main id="chat"></main>
${body}
</body>
</html>
`
}
