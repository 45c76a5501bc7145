/** The dashboard's stylesheet. */
export const dashboardCss = `
:root { font-family: system-ui, sans-serif; color: #1d2430; background: #f6f7f9; }
body { margin: 0; }
header { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: center; padding: .8rem 1.2rem; background: #1d2430; color: #fff; }
header h1 { font-size: 1.1rem; margin: 0 auto 0 0; }
header form { display: flex; gap: .5rem; align-items: center; }
header input { padding: .25rem .4rem; }
main { padding: 1rem 1.2rem; max-width: 1200px; margin: 0 auto; }
h2 { font-size: 1rem; margin: 1.4rem 0 .5rem; }
#status.error { color: #b3261e; font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: .8rem; }
.card { background: #fff; border-radius: 8px; padding: .8rem; border-left: 6px solid #9aa3af; }
.card.met { border-left-color: #1e8e3e; }
.card.missed { border-left-color: #d93025; }
.card .value { font-size: 1.6rem; font-weight: 600; }
.card .target, .card .note { font-size: .8rem; color: #5f6b7a; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: .8rem; }
figure { background: #fff; border-radius: 8px; margin: 0; padding: .6rem; }
figcaption { font-size: .85rem; margin-bottom: .3rem; }
svg.chart { width: 100%; height: auto; }
svg.chart .line { fill: none; stroke: #1a73e8; stroke-width: 2; }
svg.chart .dot { fill: #1a73e8; }
svg.chart .target { stroke: #d93025; stroke-dasharray: 4 3; stroke-width: 1; }
svg.chart .axis { stroke: #c4c9d0; stroke-width: 1; }
svg.chart text { font-size: 10px; fill: #5f6b7a; }
table { border-collapse: collapse; background: #fff; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e3e6ea; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
#gaps { overflow-wrap: anywhere; }
#gaps li { background: #fff; border-radius: 8px; padding: .5rem .8rem; margin-bottom: .5rem; }
#gaps .examples { color: #5f6b7a; font-size: .85rem; margin: .2rem 0 0; }
`
