/**
 * GET /dashboard: the operations dashboard. The data comes from /v1/analytics/* with the
 * supervisor's token.
 */
import { dashboardHtml } from '../../web/dashboard/page.js'
import { dashboardJs } from '../../web/dashboard/script.js'
import { dashboardCss } from '../../web/dashboard/style.js'
import { staticPageRoutes } from '../../web/shared/static-page.js'

export const dashboardRoutes = staticPageRoutes('dashboard', { html: dashboardHtml, js: dashboardJs, css: dashboardCss })
