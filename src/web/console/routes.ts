/** GET /console: the agent console; its data comes from /v1/agent/* with the agent's token. */
import { staticPageRoutes } from '../shared/static-page.js'
import { consoleHtml } from './page.js'
import { consoleJs } from './script.js'
import { consoleCss } from './style.js'

export const consoleRoutes = staticPageRoutes('console', { html: consoleHtml, js: consoleJs, css: consoleCss })
