import { describe, expect, it } from 'vitest'
import { cliArgs, UsageError } from '../../src/cli/main.js'

describe('cliArgs', () => {
  const options = { 'dry-run': { type: 'boolean' }, tenant: { type: 'string' } } as const
  it('reads the flags it is given', () => {
    expect({ ...cliArgs(['--dry-run', '--tenant', 'acme'], options).values }).toEqual({ 'dry-run': true, tenant: 'acme' })
    expect({ ...cliArgs(['--tenant=acme'], options).values }).toEqual({ tenant: 'acme' })
    expect({ ...cliArgs([], options).values }).toEqual({})
    expect(cliArgs(['kb', '--tenant', 'acme'], options, { positionals: 1 }).positionals).toEqual(['kb'])
  })
  it('refuses more plain arguments than the command takes', () => {
    expect(() => cliArgs(['a', 'b'], options, { positionals: 1 })).toThrow("Unexpected argument 'b'")
  })
  it.each([
    [['--dry-ryn'], "Unknown option '--dry-ryn'"],
    [['--tenant'], "Option '--tenant <value>' argument missing"],
    [['acme'], "Unexpected argument 'acme'"],
  ])('refuses %j: a mistyped --dry-run must not run the real thing', (argv, message) => {
    expect(() => cliArgs(argv, options)).toThrow(UsageError)
    expect(() => cliArgs(argv, options)).toThrow(message)
  })
})
