import type { CheckResult } from '../../compliance/types.js'
import type { Lang } from '../../models/types.js'
import type { ComplianceChecks } from '../deps.js'

/** Stage 7: the reply, checked before any of it leaves (PII echo, advertising terms, leakage). */
export async function checkOutput(
  compliance: ComplianceChecks,
  text: string,
  ctx: { lang: Lang; customerTexts: string[] },
): Promise<CheckResult> {
  return compliance.checkOutput(text, ctx)
}
