import { describe, expect, it } from 'vitest'
import { BLUEPAY_FIELDS } from '../../shared/providers/bluepay-fields.ts'
import { validateFields } from '../../shared/providers/fields.ts'
import { VEXORA_AREAS, vexoraArea } from '../../shared/providers/vexora-areas.ts'

const indonesia = VEXORA_AREAS.ID.fields
const base = {
  bankCode: '0002',
  bankAccountNo: '0012345678',
  customerName: 'Siti',
  mobile: '081234567890',
  email: 'a@b.co',
}

describe('Vexora Indonesia fields', () => {
  it('accepts the documented shapes and keeps leading zeros', () => {
    const result = validateFields(indonesia, { ...base, remark: '  July salary ' })
    expect(result).toEqual({ ok: true, values: { ...base, remark: 'July salary' } })
    for (const mobile of ['0812345678', '0812345678901', '6281234567', '6281234567890']) {
      expect(validateFields(indonesia, { ...base, mobile }).ok, mobile).toBe(true)
    }
  })

  it('refuses a name or remark with control characters, which most fonts draw as nothing (review 63)', () => {
    for (const customerName of [
      'Dewi\u0085Lestari',
      'Dewi\u009fLestari',
      'Dewi\u001fLestari',
      'Dewi\tLestari',
    ])
      expect(validateFields(indonesia, { ...base, customerName }), JSON.stringify(customerName)).toEqual({
        ok: false,
        errors: [{ field: 'customerName', problem: 'format' }],
      })
    expect(validateFields(indonesia, { ...base, remark: 'July\u007fsalary' }).ok).toBe(false)
    expect(validateFields(indonesia, { ...base, customerName: 'Dewi Lestari' }).ok).toBe(true)
  })

  it('refuses a name mixing Latin letters with Cyrillic or Greek ones, which pass for one another', () => {
    for (const customerName of [
      'D\u0435wi Lestari', // Cyrillic е
      'Dewi \u039bestari', // Greek Λ
      'Siti R\u0430hma', // Cyrillic а
      '\u041f\u0435\u0442\u0440 \u03a0\u03b1\u03bd', // Cyrillic with Greek
    ])
      expect(validateFields(indonesia, { ...base, customerName }), customerName).toEqual({
        ok: false,
        errors: [{ field: 'customerName', problem: 'mixed_letters' }],
      })
    // One alphabet, with its accents, or one beside an alphabet nobody takes for Latin, stays a name.
    for (const customerName of [
      'Nguyễn Văn Bình',
      'Ṣiti Rahma',
      '\u041f\u0435\u0442\u0440 \u0418\u0432\u0430\u043d\u043e\u0432',
      '\u0e2a\u0e21\u0e0a\u0e32\u0e22 Siri',
      'Dewi Lestari 2',
    ])
      expect(validateFields(indonesia, { ...base, customerName }).ok, customerName).toBe(true)
  })

  it('refuses a name drawn like Latin letters it is not, and names the problem apart from mixing', () => {
    for (const customerName of ['\u0405\u0406\u0422\u0406', '\u13daiti Rahma', 'Dewi \u0261ita'])
      expect(validateFields(indonesia, { ...base, customerName }), customerName).toEqual({
        ok: false,
        errors: [{ field: 'customerName', problem: 'look_alike_letters' }],
      })
    expect(validateFields(indonesia, { ...base, customerName: '\u0418\u0432\u0430\u043d' }).ok).toBe(true)
  })

  it('reports every problem at once', () => {
    const result = validateFields(indonesia, {
      bankCode: '00 02',
      bankAccountNo: '12-34',
      customerName: '',
      mobile: '+6281234567',
      email: 'siti@',
      extra: 'x',
    })
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'extra', problem: 'not_allowed' },
        { field: 'bankCode', problem: 'format' },
        { field: 'bankAccountNo', problem: 'format' },
        { field: 'customerName', problem: 'required' },
        { field: 'mobile', problem: 'format' },
        { field: 'email', problem: 'format' },
      ],
    })
  })

  it('holds mobiles to 08…/628… with 10 to 13 digits', () => {
    for (const mobile of ['081234567', '08123456789012', '0712345678', '6271234567', '62812345678901']) {
      expect(validateFields(indonesia, { ...base, mobile }), mobile).toMatchObject({ ok: false })
    }
  })

  it('has a second area as a table entry, with its own currency and rules', () => {
    expect(vexoraArea('TH')?.currency).toBe('THB')
    expect(
      validateFields(VEXORA_AREAS.TH.fields, {
        bankCode: '002',
        bankNumber: '0123',
        name: 'Nok',
        mobile: '912345678',
        email: 'n@x.th',
      }).ok,
    ).toBe(true)
    expect(
      validateFields(VEXORA_AREAS.TH.fields, {
        bankCode: '002',
        bankNumber: '0123',
        name: 'Nok',
        mobile: '0812345678',
        email: 'n@x.th',
      }).ok,
    ).toBe(false)
    expect(vexoraArea('XX')).toBeNull()
    expect(vexoraArea('toString')).toBeNull()
  })
})

describe('BluePay fields', () => {
  it('require per pay method only what that method needs', () => {
    expect(
      validateFields(BLUEPAY_FIELDS, {
        payMethodCode: 'PROMPTPAY',
        promptpayAccountType: 'NATID',
        accountNo: '1101700203451',
      }).ok,
    ).toBe(true)
    expect(
      validateFields(BLUEPAY_FIELDS, { payMethodCode: 'PROMPTPAY', accountNo: '1101700203451' }),
    ).toEqual({
      ok: false,
      errors: [{ field: 'promptpayAccountType', problem: 'required' }],
    })
    expect(validateFields(BLUEPAY_FIELDS, { payMethodCode: 'BANK', accountNo: '123' })).toMatchObject({
      ok: false,
      errors: ['transferCode', 'accountName', 'accountType', 'accountTaxId', 'mobile'].map((field) => ({
        field,
        problem: 'required',
      })),
    })
    expect(validateFields(BLUEPAY_FIELDS, { payMethodCode: 'CASH', accountNo: '1' })).toMatchObject({
      errors: [{ field: 'payMethodCode', problem: 'not_allowed' }],
    })
    expect(
      validateFields(BLUEPAY_FIELDS, {
        payMethodCode: 'EWALLET',
        transferCode: 'T',
        accountNo: '1',
        accountName: 'x'.repeat(51),
      }),
    ).toMatchObject({
      errors: [{ field: 'accountName', problem: 'too_long' }],
    })
  })
})
