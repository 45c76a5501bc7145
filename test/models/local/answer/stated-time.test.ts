import { describe, expect, it } from 'vitest'
import { decidingLimit, durationsInDays } from '../../../../src/models/local/answer/stated-time.js'

describe('stated time against an article\'s limits', () => {
  it('reads durations in English and Chinese, in days', () => {
    expect(durationsInDays('I got them 10 days ago')).toEqual([10])
    expect(durationsInDays('It shipped about five weeks ago')).toEqual([35])
    expect(durationsInDays('买了十天的灯泡坏了')).toEqual([10])
    expect(durationsInDays('包裹发出一个月了')).toEqual([30])
    expect(durationsInDays('物流信息超过 72 小时 没有更新')).toEqual([3])
    expect(durationsInDays('签收 15 天内，或 2 个工作日')).toEqual([15, 2])
    expect(durationsInDays('order LH-US-55120934')).toEqual([])
  })

  it('picks the shortest limit that still covers the stated time, else the longest one missed', () => {
    expect(decidingLimit(10, [7, 15, 1])).toBe(15)
    expect(decidingLimit(30, [3, 2, 15])).toBe(15)
    expect(decidingLimit(5, [])).toBeUndefined()
  })
})
