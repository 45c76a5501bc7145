/** Function words that carry no topic, English and Chinese. Kept short on purpose: negations stay. */
export const STOPWORDS = new Set(
  `a an the and or but if of to in on at by for with from as is are was were be been being am do does did
  i me my we our you your he she it its they them their this that these those there here what which who whom
  how when where why can could would should will shall may might must have has had having get got
  so than then too very just also about into over under again any some such only own same more most
  please hi hello hey thanks thank
  的 了 吗 呢 吧 啊 呀 我 我们 你 你们 您 他 她 它 是 在 有 和 与 及 或 也 都 就 还 要 会 能 可以 请 这 那 这个 那个 什么 什么时候 我的 怎么 怎样 如何 一个 一下 么 嗯 哦 好的 谢谢 你好`
    .split(/\s+/)
    .filter(Boolean),
)
