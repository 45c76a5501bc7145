/** The console's stylesheet: plain, dense, readable. */
export const consoleCss = String.raw`
*{box-sizing:border-box}
[hidden]{display:none !important}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;background:#f4f5f7}
header{display:flex;align-items:center;gap:16px;padding:8px 16px;background:#1d2330;color:#fff}
header h1{font-size:16px;margin:0;flex:1}header h1 span{font-weight:400;opacity:.7}
header input{width:260px}
input,select,textarea,button{font:inherit;padding:5px 8px;border:1px solid #c5cad3;border-radius:4px;background:#fff;color:inherit}
button{cursor:pointer}button.primary{background:#2459d6;border-color:#2459d6;color:#fff}
button.link{border:0;background:none;color:#9db8ff;text-decoration:underline}
button:disabled{opacity:.5;cursor:default}
#flash{margin:0;padding:8px 16px;background:#fff4d6;border-bottom:1px solid #e8d48a}#flash.error{background:#fde2e1;border-color:#e8a09c}
main{display:grid;grid-template-columns:minmax(280px,380px) 1fr;height:calc(100vh - 48px)}
#queue-pane{border-right:1px solid #d8dce3;overflow:auto;background:#fff}
.toolbar{display:flex;flex-wrap:wrap;gap:6px;align-items:center;padding:8px;border-bottom:1px solid #e3e6eb;position:sticky;top:0;background:#fff}
#queue{list-style:none;margin:0;padding:0}
#queue li{border-bottom:1px solid #eef0f3}
#queue button.item{display:block;width:100%;padding:8px 10px;border:0;border-radius:0;background:none;text-align:left}
#queue li:hover{background:#f6f8fb}#queue li.selected{background:#e8efff}
#queue button.item:focus-visible{outline:2px solid #2459d6;outline-offset:-2px}
#queue .top{display:flex;gap:6px;align-items:center}#queue .summary{display:block;color:#4a5263;font-size:13px;margin-top:2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.badge{display:inline-block;padding:1px 6px;border-radius:9px;font-size:12px;background:#e6e9ef}
.badge.urgent{background:#d92d20;color:#fff}.badge.claimed{background:#dbe7ff}.badge.waiting{background:#fff1c2}
.sla{font-variant-numeric:tabular-nums;font-size:12px;margin-left:auto}.sla.breached{color:#d92d20;font-weight:600}
.muted{color:#7a8294;padding:8px 10px}
#away{margin:0;padding:8px 10px;background:#fff7e0;border-bottom:1px solid #f0dca0;color:#5c4400;font-size:14px}
#detail{overflow:auto;padding:12px 16px}
.detail-head{display:flex;gap:10px;align-items:center}.detail-head h2{font-size:16px;margin:0}
.columns{display:grid;grid-template-columns:1fr 320px;gap:16px;margin-top:10px}
/* Grid items default to min-width:auto: one long word would widen the whole pane. */
main>*,.columns>*{min-width:0}
#transcript{list-style:none;padding:0;margin:0 0 10px;display:flex;flex-direction:column;gap:6px}
#transcript li{max-width:80%;padding:6px 10px;border-radius:8px;background:#fff;border:1px solid #e3e6eb;white-space:pre-wrap;overflow-wrap:anywhere}
#transcript li.customer{align-self:flex-start}#transcript li.agent{align-self:flex-end;background:#e8efff}
#transcript li.bot{align-self:flex-end;background:#f1f2f4;color:#4a5263}#transcript li.system{align-self:center;font-size:12px;color:#7a8294}
#transcript .who{display:block;font-size:11px;color:#7a8294}
textarea{width:100%;resize:vertical}.row{display:flex;gap:6px;margin-top:6px;flex-wrap:wrap}.actions{border-top:1px solid #e3e6eb;padding-top:8px;margin-top:10px}
.packet{background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:8px 12px;align-self:start}
.packet h3{font-size:13px;margin:8px 0 4px}.packet dl{margin:0}.packet dt{font-size:12px;color:#7a8294;margin-top:6px}.packet dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
#notes{list-style:none;padding:0;margin:0 0 6px;font-size:13px}#notes li{padding:4px 0;border-bottom:1px dashed #e3e6eb;overflow-wrap:anywhere}
#note-form{display:flex;gap:4px}#note-form input{flex:1}
.saved{align-items:center;margin:0 0 6px}.saved label{font-size:13px;color:#4a5263}.saved select{flex:1;min-width:0;max-width:100%}
.live{font-size:12px}.live::before{content:"";display:inline-block;width:8px;height:8px;margin-right:4px;border-radius:50%;background:#888}.live.on::before{background:#2fbf71}
/* Phones: queue above the conversation, one column each. */
@media (max-width:700px){
header{flex-wrap:wrap}header input{width:auto;flex:1;min-width:0}#login{display:flex;gap:6px;width:100%}
main{grid-template-columns:1fr;height:auto}
#queue-pane{border-right:0;border-bottom:1px solid #d8dce3;max-height:40vh}
.columns{grid-template-columns:1fr}
#transcript li{max-width:95%}
}
`
