/**
 * Structured JSON logs: one object per line, with a level and a message. Callers log masked
 * text only (the turn's `inputCheck.masked`); nothing here sees raw customer messages.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  enabled(level: Exclude<LogLevel, 'silent'>): boolean
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

export interface LoggerOptions {
  level: LogLevel
  /** Where lines go (default: stdout, errors to stderr). */
  write?: (line: string, level: Exclude<LogLevel, 'silent'>) => void
  now?: () => Date
}

const defaultWrite = (line: string, level: string) => (level === 'error' || level === 'warn' ? console.error(line) : console.log(line))

export function createLogger(opts: LoggerOptions): Logger {
  const write = opts.write ?? defaultWrite
  const now = opts.now ?? (() => new Date())
  const enabled = (level: Exclude<LogLevel, 'silent'>) => RANK[level] >= RANK[opts.level]
  const log = (level: Exclude<LogLevel, 'silent'>) => (msg: string, fields: LogFields = {}) => {
    if (!enabled(level)) return
    let line: string
    try {
      line = JSON.stringify({ level, time: now().toISOString(), msg, ...fields })
    } catch {
      line = JSON.stringify({ level, time: now().toISOString(), msg, unserializable: true })
    }
    write(line, level)
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), enabled }
}
