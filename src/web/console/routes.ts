/** GET /console: the agent console; its data comes from /v1/agent/* with the agent's token. */
import { staticPageRoutes } from '../shared/static-page.js'
import { consoleHtml } from './page.js'
import { consoleJs } from './script.js'
import { consoleCss } from './style.js'

export const consoleRoutes = (limits: { maxMessageChars: number }) => staticPageRoutes('console', { html: consoleHtml(limits), js: consoleJs, css: consoleCss })
