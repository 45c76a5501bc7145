import { sha256Hex } from '../auth/secrets.js'
import type { Notice } from './config.js'

/** A short id of the notice text, stored with each conversation: which notice the customer was shown. */
export async function noticeVersion(notice: Notice): Promise<string> {
  return `n-${(await sha256Hex(`${notice.en}\u0000${notice.zh}`)).slice(0, 12)}`
}
