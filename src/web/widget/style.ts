/** The widget's stylesheet, inside its shadow root: the host page's styles neither leak in nor out. */
export const widgetCss = String.raw`:host{all:initial}*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif}
.root{color:#16181d;font-size:15px;line-height:1.45}.page{height:100%}
.bubble{position:fixed;right:20px;bottom:20px;width:58px;height:58px;border-radius:50%;border:0;background:var(--c);cursor:pointer;display:grid;place-items:center;box-shadow:0 4px 14px #0004;z-index:2147483000}
.bubble svg{width:28px;height:28px}.bubble.unread::after{content:"";position:absolute;top:4px;right:4px;width:14px;height:14px;border-radius:50%;background:#e11d48;border:2px solid #fff}
button:focus-visible,textarea:focus-visible,a:focus-visible,input:focus-visible+label{outline:3px solid #f59e0b;outline-offset:2px}
.panel{position:fixed;right:20px;bottom:90px;width:380px;max-width:calc(100vw - 40px);height:600px;max-height:calc(100vh - 110px);background:#fff;border-radius:14px;box-shadow:0 10px 40px #0004;display:flex;flex-direction:column;overflow:hidden;z-index:2147483000}
.panel[hidden]{display:none}.page .panel{position:static;width:100%;max-width:none;height:100%;max-height:none;border-radius:0;box-shadow:none}
header{background:var(--c);color:#fff;padding:12px 16px;display:flex;align-items:center;justify-content:space-between}h2{margin:0;font-size:17px}
.x{background:none;border:0;color:#fff;font-size:26px;line-height:1;cursor:pointer;padding:2px 8px}
header div{display:flex;align-items:center;gap:4px}.new{background:none;border:1px solid #fffa;border-radius:8px;color:#fff;font-size:13px;cursor:pointer;padding:3px 10px}
.banner,.conn{margin:0;padding:8px 16px;font-size:13px;background:#fff7e0;color:#6b4400;border-bottom:1px solid #f1e0b0}.conn{background:#fdecec;color:#8a1c1c}
.scroll{flex:1;overflow-y:auto}.hello{margin:12px 12px 0;color:#555;font-size:14px}.privacy{margin:8px 12px 0;color:#555;font-size:12px}
.choice{margin:8px 12px 0;display:flex;gap:6px;align-items:flex-start;font-size:13px;color:#333}.choice input{margin:2px 0 0;accent-color:var(--c)}.choice span{color:#555}
.log{list-style:none;margin:0;padding:12px;display:flex;flex-direction:column;gap:10px}
.msg{max-width:85%;padding:8px 12px;border-radius:12px;background:#f0f2f5;white-space:pre-wrap;overflow-wrap:anywhere;align-self:flex-start}
.msg.customer{align-self:flex-end;background:var(--c);color:#fff}.msg.agent{background:#e3f4e6}.msg.failed{background:#b42318}
.msg.system{align-self:stretch;max-width:none;background:#f7f7f9;border:1px dashed #ccd;font-size:14px}
.pending{opacity:.75}.note{display:block;font-size:12px}.note:empty{display:none}
.who{display:block;font-size:12px;font-weight:600;color:#555;margin-bottom:2px}
.cites{margin-top:6px;font-size:13px;white-space:normal}.cites ul{margin:2px 0 0;padding-left:18px}.cites a{color:#1746c0}.label{font-weight:600;color:#555}
.ai{display:inline-block;margin-top:6px;font-size:11px;padding:1px 7px;border-radius:9px;background:#dde1e8;color:#333}
.vote{display:inline-flex;align-items:center;gap:4px;margin:6px 0 0 8px;font-size:12px;color:#555}.thumb{border:1px solid #c9ced8;background:#fff;border-radius:12px;padding:0 7px;font-size:13px;line-height:20px;cursor:pointer}.thumb[aria-pressed=true]{background:#dbe6ff;border-color:#1746c0}.thumb:focus-visible{outline:2px solid #1746c0;outline-offset:1px}.vote .err{margin-left:4px}
.typing{padding:0 16px 8px}.typing i{display:inline-block;width:7px;height:7px;margin-right:4px;border-radius:50%;background:#98a2b3;animation:b 1s infinite}.typing i:nth-child(3){animation-delay:.15s}.typing i:nth-child(4){animation-delay:.3s}
@keyframes b{50%{transform:translateY(-4px);opacity:.5}}
.compose{display:flex;gap:8px;padding:10px;border-top:1px solid #e4e7ec}
textarea{flex:1;resize:none;border:1px solid #b9c0cb;border-radius:10px;padding:8px 10px;font-size:15px;color:#16181d;background:#fff}
.send{background:var(--c);color:#fff;border:0;border-radius:10px;padding:8px 14px;font-size:15px;font-weight:600;cursor:pointer}
.rate{white-space:normal;display:flex;flex-direction:column;gap:6px;margin-top:6px}.rate fieldset{border:0;margin:0;padding:0}.rate legend{font-weight:600;padding:0}
.stars{display:flex;gap:2px}.stars input{position:absolute;opacity:0;width:1px;height:1px}.stars label{font-size:28px;color:#c3c8d0;cursor:pointer;padding:0 2px}
.stars label:has(~input:checked),.stars input:checked+label{color:#f5a623}.stars:hover label{color:#f5a623}.stars label:hover~label{color:#c3c8d0}
.err{color:#b42318;margin:0;font-size:13px}.err:empty{display:none}.thanks{margin:6px 0 0;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:480px){.panel{right:0;bottom:0;width:100vw;max-width:100vw;height:100%;max-height:none;border-radius:0}.open .bubble{display:none}}
@media (prefers-reduced-motion:reduce){.typing i{animation:none}}`
