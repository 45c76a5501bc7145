import { z } from 'zod'
import { describeIssues } from './issues.js'

/** A JSON-valued environment variable, checked by `schema`; every problem is reported with its path. */
export const jsonSetting = <S extends z.ZodType>(schema: S, what = 'must be JSON') =>
  z.string().transform((raw, ctx): z.output<S> => {
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      ctx.addIssue({ code: 'custom', message: what })
      return z.NEVER
    }
    const parsed = schema.safeParse(value)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: describeIssues([issue]) })
      return z.NEVER
    }
    return parsed.data
  })
