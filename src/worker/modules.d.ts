/** Text modules bundled by wrangler (`[[rules]] type = "Text"` in wrangler.toml). */
declare module '*.csv' {
  const text: string
  export default text
}
