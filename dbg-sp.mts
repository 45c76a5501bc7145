import { createSpeller } from './src/text/spelling.js'
const s = createSpeller()
for (const t of process.argv.slice(2)) console.log(t, JSON.stringify(s.suspects(t)).slice(0, 300))
