/**
 * Characters text from outside (customers, pasted articles, URLs) must lose before it is stored or
 * shown: PostgreSQL refuses NUL and lone UTF-16 surrogates outright, and other control characters
 * garble terminals and logs. Tabs and line breaks are text.
 */

/** C0 controls other than tab, line feed and carriage return, and DEL (global: for replace(), not test()). */
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** A UTF-16 surrogate without its pair (in u mode a pair is one code point, so \p{Cs} matches only the lone ones). */
export const LONE_SURROGATE = /\p{Cs}/gu

const UNSAFE = new RegExp(`${CONTROL_CHARS.source}|${LONE_SURROGATE.source}`, 'u')

/** Whether the text holds a character cleanText would change. */
export const hasUnsafeChars = (text: string): boolean => UNSAFE.test(text)

/** Control characters dropped, lone surrogates replaced by U+FFFD (the character they were half of is lost either way). */
export function cleanText(text: string): string {
  return text.replace(CONTROL_CHARS, '').replace(LONE_SURROGATE, '\uFFFD')
}
