/** widget.js as served: the script with its stylesheet, indentation and comment lines dropped. */
import { widgetSource } from './script.js'
import { widgetCss } from './style.js'

function compact(js: string): string {
  return js
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('//') && !(line.startsWith('/**') && line.endsWith('*/')))
    .join('\n')
}

const compacted = compact(widgetSource).replace("'__PARLEY_CSS__'", () => JSON.stringify(compact(widgetCss)))

/** widget.js for a server whose messages may be `maxMessageChars` long (MAX_MESSAGE_CHARS): the message box stops there. */
export const widgetJs = (maxMessageChars: number) => compacted.replace("'__PARLEY_MAX_CHARS__'", `'${maxMessageChars}'`)
