import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, type TrainConfig } from '../../../../shared/train/config'
import { CONFIG_FIELDS, varyingFields } from '../../../../shared/train/configFields'
import { paramRows, paramText } from './configDiff'

const config = (overrides: Partial<TrainConfig>): TrainConfig => ({ ...DEFAULT_CONFIG, ...overrides })

describe('paramRows', () => {
  it('marks exactly the fields whose values differ', () => {
    const rows = paramRows([config({ lr: 0.05 }), config({ lr: 0.1 }), config({ lr: 0.1 })])
    expect(rows.filter((r) => r.differs).map((r) => r.field)).toEqual(['lr'])
    expect(rows.find((r) => r.field === 'lr')?.texts).toEqual(['0.05', '0.1', '0.1'])
  })

  it('compares hidden layer lists by value, not by identity', () => {
    expect(varyingFields([config({ hidden: [16] }), config({ hidden: [16] })])).toEqual([])
    expect(varyingFields([config({ hidden: [16] }), config({ hidden: [16, 8] })])).toEqual(['hidden'])
  })

  it('lists every config field in the defaults order, then fields only some runs carry', () => {
    const extra = { ...config({}), futureField: 3 } as unknown as TrainConfig
    const rows = paramRows([config({}), extra])
    expect(rows.map((r) => r.field)).toEqual([...CONFIG_FIELDS, 'futureField'])
    expect(rows.at(-1)).toMatchObject({ differs: true, texts: ['—', '3'] })
  })

  it('has nothing to differ for a single run', () => {
    expect(varyingFields([config({ lr: 3 })])).toEqual([])
  })
})

describe('paramText', () => {
  it('shows lists, booleans, tiny numbers and missing values readably', () => {
    expect(paramText([512, 256])).toBe('[512, 256]')
    expect(paramText([])).toBe('[]')
    expect(paramText(false)).toBe('false')
    expect(paramText(1e-8)).toBe('1e-8')
    expect(paramText(undefined)).toBe('—')
  })
})
