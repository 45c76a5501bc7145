/** The Worker's config from its bindings: what it refuses to start without. */
import { describe, expect, it } from 'vitest'
import { workerConfig } from '../../src/worker/config.js'
import { keySpec, SALT } from '../privacy/helpers.js'

const DATABASE_URL = 'postgres://parley@db.example/parley'
const privacy = { PRIVACY_KEYS: keySpec('k1'), PRIVACY_HASH_SALT: SALT }

describe('workerConfig', () => {
  it('takes Hyperdrive’s connection string over DATABASE_URL', () => {
    const config = workerConfig({ HYPERDRIVE: { connectionString: 'postgres://hyperdrive/parley' }, DATABASE_URL, ...privacy })
    expect(config.DATABASE_URL).toBe('postgres://hyperdrive/parley')
  })

  it('refuses to start without PostgreSQL', () => {
    expect(() => workerConfig({ ...privacy })).toThrow(/PostgreSQL/)
  })

  it('refuses to start without the privacy keys, since it cannot keep a key file', () => {
    expect(() => workerConfig({ DATABASE_URL })).toThrow(/PRIVACY_KEYS and PRIVACY_HASH_SALT/)
    expect(() => workerConfig({ DATABASE_URL, PRIVACY_KEYS: privacy.PRIVACY_KEYS })).toThrow(/PRIVACY_HASH_SALT/)
  })
})
