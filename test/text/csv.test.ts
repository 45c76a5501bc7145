import { describe, expect, it } from 'vitest'
import { CsvError, parseCsv } from '../../src/text/csv.js'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and drops blank rows', () => {
    expect(parseCsv('text,label\r\n"a, ""quoted""\nline",1\n\nplain,0')).toEqual([
      ['text', 'label'],
      ['a, "quoted"\nline', '1'],
      ['plain', '0'],
    ])
  })

  it('refuses a quote that is never closed, naming the line it opened on, instead of swallowing the rest', () => {
    const read = () => parseCsv('text,label\nfine,1\n"broken,0\nmore,1\nrows,0\n')
    expect(read).toThrow(CsvError)
    expect(read).toThrow('CSV line 3: a quoted field opened here is never closed')
  })
})
