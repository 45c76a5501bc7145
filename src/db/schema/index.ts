export * from './tenants.js'
export * from './knowledge.js'
export * from './conversations.js'
export * from './handoffs.js'
