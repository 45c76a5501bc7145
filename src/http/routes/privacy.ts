/** Data-subject requests (admin): export everything held about a customer, or erase it. */
import { Hono, type Context } from 'hono'
import type { AppEnv } from '../../deps.js'
import { auditRequest } from '../../privacy/audit-http.js'
import { eraseCustomer } from '../../privacy/erase.js'
import { exportCustomer, holdsCustomer } from '../../privacy/export.js'
import type { Vault } from '../../privacy/vault.js'
import { requireRole } from '../middleware/auth/index.js'
import { notFound, ProblemError } from '../problem.js'

const CUSTOMER_ID = /^[\w.:@-]{1,200}$/

function customerId(c: Context<AppEnv>): string {
  const id = c.req.param('customerId') ?? ''
  if (!CUSTOMER_ID.test(id)) throw new ProblemError({ title: 'Bad Request', status: 400, detail: 'A customer id is 1-200 letters, digits or . _ : @ -' })
  return id
}

function vaultOf(c: Context<AppEnv>): Vault {
  const vault = c.var.deps.vault
  if (!vault) throw new ProblemError({ title: 'Service Unavailable', status: 503, detail: 'Privacy keys are not configured on this server.' })
  return vault
}

export const privacyRoutes = new Hono<AppEnv>()
  .use('/v1/privacy/*', requireRole('admin'))
  .get('/v1/privacy/customers/:customerId/export', async (c) => {
    const id = customerId(c)
    const vault = vaultOf(c)
    const subject = await vault.subjectHash(c.var.tenantId, id)
    if (!(await holdsCustomer(c.var.deps.db, c.var.tenantId, id))) throw notFound('Customer data for', 'this customer id')
    await auditRequest(c, 'customer.export', { type: 'customer', id: subject })
    return c.body(exportCustomer({ db: c.var.deps.db, vault }, c.var.tenantId, id), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'attachment; filename="customer-export.json"',
      'cache-control': 'no-store',
    })
  })
  .post('/v1/privacy/customers/:customerId/erase', async (c) => {
    const id = customerId(c)
    const subject = await vaultOf(c).subjectHash(c.var.tenantId, id)
    const result = await eraseCustomer({ db: c.var.deps.db, batchSize: c.var.deps.config.PRIVACY_BATCH_SIZE, events: c.var.deps.events }, c.var.tenantId, id)
    const receipt = await auditRequest(c, 'customer.erase', { type: 'customer', id: subject }, { conversations: result.conversations, tables: result.tables })
    return c.json({ customer_hash: subject, conversations: result.conversations, tables: result.tables, audit_seq: receipt.seq })
  })
