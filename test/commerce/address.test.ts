import { describe, it, expect } from 'vitest';
import {
  COUNTRIES,
  STATES,
  formatPhone,
  formatPostcode,
  isCountry,
  isEmail,
  isPhone,
  isPostcode,
  isState,
  normalizePostcode,
  normalizeState,
} from '../../src/commerce/address.ts';

describe('COUNTRIES / isCountry', () => {
  it('lists every WooCommerce country', () => {
    expect(Object.keys(COUNTRIES).length).toBeGreaterThanOrEqual(240);
    for (const code of Object.keys(COUNTRIES)) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('uses WooCommerce spellings', () => {
    expect(COUNTRIES.GB).toBe('United Kingdom (UK)');
    expect(COUNTRIES.US).toBe('United States (US)');
    expect(COUNTRIES.IE).toBe('Ireland');
    expect(COUNTRIES.CW).toBe('Curaçao');
    expect(COUNTRIES.ST).toBe('São Tomé and Príncipe');
  });

  it('accepts known codes', () => {
    for (const code of ['GB', 'US', 'IE', 'DE', 'FR', 'CA', 'AU', 'JP', 'XK']) expect(isCountry(code)).toBe(true);
  });

  it('rejects "UK" (the release-notes example), unknown and malformed codes', () => {
    expect(Object.hasOwn(COUNTRIES, 'UK')).toBe(false);
    expect(isCountry('UK')).toBe(false);
    expect(isCountry('XX')).toBe(false);
    expect(isCountry('')).toBe(false);
    expect(isCountry('GBR')).toBe(false);
    expect(isCountry('constructor')).toBe(false);
    expect(isCountry('toString')).toBe(false);
  });

  it('is case-sensitive like WC_Countries::country_exists', () => {
    expect(isCountry('gb')).toBe(false);
    expect(isCountry(' GB')).toBe(false);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(COUNTRIES)).toBe(true);
  });
});

describe('STATES', () => {
  it('has an entry for every country and nothing else', () => {
    expect(Object.keys(STATES).sort()).toEqual(Object.keys(COUNTRIES).sort());
  });

  it('lists US states, DC and the armed-forces codes', () => {
    const us = STATES.US;
    expect(Object.keys(us)).toHaveLength(54);
    expect(us.CA).toBe('California');
    expect(us.NY).toBe('New York');
    expect(us.DC).toBe('District Of Columbia');
    expect(us.AA).toBe('Armed Forces (AA)');
    expect(us.AE).toBe('Armed Forces (AE)');
    expect(us.AP).toBe('Armed Forces (AP)');
  });

  it('lists the major countries with WooCommerce codes', () => {
    expect(STATES.CA.ON).toBe('Ontario');
    expect(STATES.CA.QC).toBe('Quebec');
    expect(Object.keys(STATES.CA)).toHaveLength(13);
    expect(STATES.AU.NSW).toBe('New South Wales');
    expect(Object.keys(STATES.AU)).toHaveLength(8);
    expect(STATES.BR.SP).toBe('São Paulo');
    expect(Object.keys(STATES.BR)).toHaveLength(27);
    expect(STATES.IN.MH).toBe('Maharashtra');
    expect(STATES.MX.DF).toBe('Ciudad de México');
    expect(STATES.IT.MI).toBe('Milano');
    expect(STATES.IT.RM).toBe('Roma');
    expect(STATES.ES.M).toBe('Madrid');
    expect(STATES.JP.JP13).toBe('Tokyo');
    expect(Object.keys(STATES.JP)).toHaveLength(47);
    expect(STATES.CN.CN2).toBe('Beijing / 北京');
    expect(STATES.DE['DE-BW']).toBe('Baden-Württemberg');
    expect(Object.keys(STATES.DE)).toHaveLength(16);
    expect(STATES.NZ.AUK).toBe('Auckland');
    expect(STATES.ZA.KZN).toBe('KwaZulu-Natal');
    expect(STATES.IE.D).toBe('Dublin');
    expect(STATES.MY.KUL).toBe('Kuala Lumpur');
    expect(STATES.TH['TH-10']).toBe('Bangkok');
    expect(STATES.TR.TR34).toBe('İstanbul');
    expect(STATES.AR.C).toBe('Ciudad Autónoma de Buenos Aires');
    expect(STATES.ID.JK).toBe('DKI Jakarta');
  });

  it('maps countries without a state list to {}', () => {
    for (const code of ['GB', 'FR', 'NL', 'BE', 'SE', 'DK', 'PL', 'PT', 'PR', 'GU']) {
      expect(STATES[code]).toEqual({});
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(STATES)).toBe(true);
    expect(Object.isFrozen(STATES.US)).toBe(true);
  });
});

describe('isState / normalizeState', () => {
  it('accepts codes case-insensitively', () => {
    expect(isState('US', 'CA')).toBe(true);
    expect(isState('US', 'ca')).toBe(true);
    expect(isState('US', ' ny ')).toBe(true);
    expect(isState('CA', 'on')).toBe(true);
    expect(isState('AU', 'nsw')).toBe(true);
    expect(isState('DE', 'de-by')).toBe(true);
  });

  it('accepts full names case-insensitively', () => {
    expect(isState('US', 'California')).toBe(true);
    expect(isState('US', 'CALIFORNIA')).toBe(true);
    expect(isState('CA', 'ontario')).toBe(true);
    expect(isState('BR', 'são paulo')).toBe(true);
    expect(isState('DE', 'Bavaria')).toBe(true);
  });

  it('rejects values outside the list, including empty', () => {
    expect(isState('US', 'XX')).toBe(false);
    expect(isState('US', 'Ontario')).toBe(false);
    expect(isState('US', '')).toBe(false);
    expect(isState('CA', 'CA')).toBe(false);
    expect(isState('AU', 'Sydney')).toBe(false);
  });

  it('accepts anything (including empty) when the country has no state list', () => {
    expect(isState('GB', 'Greater London')).toBe(true);
    expect(isState('GB', '')).toBe(true);
    expect(isState('FR', 'Île-de-France')).toBe(true);
    expect(isState('NL', 'anything')).toBe(true);
  });

  it('returns the canonical code', () => {
    expect(normalizeState('US', 'california')).toBe('CA');
    expect(normalizeState('US', 'ca')).toBe('CA');
    expect(normalizeState('US', ' New York ')).toBe('NY');
    expect(normalizeState('CA', 'Ontario')).toBe('ON');
    expect(normalizeState('AU', 'new south wales')).toBe('NSW');
    expect(normalizeState('JP', 'tokyo')).toBe('JP13');
    expect(normalizeState('DE', 'Bavaria')).toBe('DE-BY');
    expect(normalizeState('MA', 'MAAGD')).toBe('maagd');
  });

  it('returns the input trimmed when there is no list or no match', () => {
    expect(normalizeState('GB', '  Greater London ')).toBe('Greater London');
    expect(normalizeState('US', ' Nowhere ')).toBe('Nowhere');
  });
});

describe('isPostcode', () => {
  const cases: Record<string, { valid: string[]; invalid: string[] }> = {
    GB: {
      valid: ['SW1A 1AA', 'sw1a1aa', 'bt90 2pu', 'BT90 2PU', 'M1 1AE', 'B33 8TH', 'CR2 6XH', 'DN55 1PT', 'W1A 0AX', 'EC1A 1BB', 'GIR 0AA', 'BFPO 123', 'bfpo1'],
      invalid: ['BT90 2P', 'SW1A', '12345', 'QW1 1AA', 'SW1A 1AC', 'BFPO 12345'],
    },
    US: { valid: ['90210', '90210-1234'], invalid: ['9021', '902101', '90210-123', '90210 1234', 'ABCDE'] },
    PR: { valid: ['00901', '00901-1234'], invalid: ['901'] },
    CA: { valid: ['K1A 0B1', 'k1a0b1', 'H0H 0H0', 'M5V 3L9'], invalid: ['K1A  0B1', 'D1A 0B1', 'W1A 0B1', 'K1A 0BI', '12345'] },
    DE: { valid: ['10115', '01067', '99998'], invalid: ['00115', '1011', '101155', 'D-10115'] },
    NL: { valid: ['1234 AB', '1234ab', '9999ZZ'], invalid: ['0123 AB', '1234 SA', '1234 sd', '1234 SS', '1234', '1234 A'] },
    FR: { valid: ['75008', '01000'], invalid: ['7500', '750080', 'F-75008'] },
    ES: { valid: ['28001'], invalid: ['2800'] },
    IT: { valid: ['00118'], invalid: ['0011'] },
    FI: { valid: ['00100'], invalid: ['0010'] },
    EE: { valid: ['10111'], invalid: ['1011'] },
    IE: { valid: ['D02 X285', 'd02x285', 'D6W 1234', 'A65 F4E2', 'T12-AC34'], invalid: ['D02 X28', 'B02 X285', 'D02 X2O5', '12345'] },
    JP: { valid: ['123-4567', '1234567'], invalid: ['123-456', '12-34567', '123 4567'] },
    BR: { valid: ['12345-678', '12345678'], invalid: ['1234-5678', '1234567', '12345 678'] },
    AT: { valid: ['1010'], invalid: ['101', '10101'] },
    BE: { valid: ['1000'], invalid: ['10000'] },
    CH: { valid: ['8001'], invalid: ['80011'] },
    HU: { valid: ['1011'], invalid: ['101'] },
    NO: { valid: ['0150'], invalid: ['01500'] },
    BA: { valid: ['71000', '88000'], invalid: ['61000', '7100'] },
    DK: { valid: ['2100', 'DK-2100', '3800'], invalid: ['3900', '0100', '21000', 'dk-2100'] },
    IN: { valid: ['110001', '110 001'], invalid: ['011001', '11001'] },
    PT: { valid: ['1000-001'], invalid: ['1000001', '1000 001'] },
    PL: { valid: ['00-950'], invalid: ['00950', '00 950'] },
    CZ: { valid: ['110 00', '11000', 'CZ-110 00'], invalid: ['1100', 'SK-110 00'] },
    SK: { valid: ['811 01', 'SK-81101'], invalid: ['8110'] },
    SE: { valid: ['114 55', '11455', 'SE-114 55'], invalid: ['1145', 'se-11455'] },
    SI: { valid: ['1000'], invalid: ['0100', '10000'] },
    LI: { valid: ['9490', '9485'], invalid: ['9500', '9470'] },
  };

  for (const [country, { valid, invalid }] of Object.entries(cases)) {
    it(`${country}: accepts valid postcodes`, () => {
      for (const postcode of valid) expect(isPostcode(postcode, country), `${country} ${postcode}`).toBe(true);
    });
    it(`${country}: rejects invalid postcodes`, () => {
      for (const postcode of invalid) expect(isPostcode(postcode, country), `${country} ${postcode}`).toBe(false);
    });
  }

  it('accepts any sanitised value for countries without a rule', () => {
    expect(isPostcode('2000', 'AU')).toBe(true);
    expect(isPostcode('6011', 'NZ')).toBe(true);
    expect(isPostcode('0001', 'ZA')).toBe(true);
    expect(isPostcode('1000', 'BG')).toBe(true);
    expect(isPostcode('10000', 'HR')).toBe(true);
    expect(isPostcode('11000', 'RS')).toBe(true);
    expect(isPostcode('anything 123', 'AU')).toBe(true);
  });

  it('rejects empty input and characters outside letters, digits, spaces and hyphens', () => {
    for (const country of ['GB', 'US', 'AU', 'FR']) {
      expect(isPostcode('', country)).toBe(false);
      expect(isPostcode('   ', country)).toBe(false);
    }
    expect(isPostcode('2000!', 'AU')).toBe(false);
    expect(isPostcode('SW1A.1AA', 'GB')).toBe(false);
    expect(isPostcode('90210_1234', 'US')).toBe(false);
    expect(isPostcode('2000/1', 'AU')).toBe(false);
    expect(isPostcode('ÆØÅ', 'DK')).toBe(false);
    expect(isPostcode('12345', 'XX')).toBe(true);
  });

  it('IE matches the Eircode anywhere in the value (WooCommerce regex is unanchored)', () => {
    expect(isPostcode('XX D02 X285 9', 'IE')).toBe(true);
  });

  it('applies country rules to upper-case codes only (as WooCommerce does)', () => {
    expect(isPostcode('9021', 'us')).toBe(true);
  });
});

describe('formatPostcode', () => {
  it('formats the brief examples', () => {
    expect(formatPostcode('bt902pu', 'GB')).toBe('BT90 2PU');
    expect(formatPostcode('k1a0b1', 'CA')).toBe('K1A 0B1');
    expect(formatPostcode('12345678', 'BR')).toBe('12345-678');
    expect(formatPostcode('1234567', 'JP')).toBe('123-4567');
    expect(formatPostcode('12345', 'PL')).toBe('12-345');
    expect(formatPostcode('1234ab', 'NL')).toBe('1234 AB');
  });

  it('normalises spacing and case first', () => {
    expect(formatPostcode('  sw1a   1aa ', 'GB')).toBe('SW1A 1AA');
    expect(formatPostcode('SW1A 1AA', 'GB')).toBe('SW1A 1AA');
    expect(formatPostcode('m11ae', 'GB')).toBe('M1 1AE');
    expect(formatPostcode('K1A-0B1', 'CA')).toBe('K1A 0B1');
  });

  it('formats IE Eircodes after the routing key', () => {
    expect(formatPostcode('d02x285', 'IE')).toBe('D02 X285');
    expect(formatPostcode('D02 X285', 'IE')).toBe('D02 X285');
  });

  it('formats US/PR ZIP and ZIP+4', () => {
    expect(formatPostcode('90210', 'US')).toBe('90210');
    expect(formatPostcode('902101234', 'US')).toBe('90210-1234');
    expect(formatPostcode('90210 - 1234', 'US')).toBe('90210-1234');
    expect(formatPostcode('00901', 'PR')).toBe('00901');
  });

  it('formats PT, LV and DK', () => {
    expect(formatPostcode('1000001', 'PT')).toBe('1000-001');
    expect(formatPostcode('lv1050', 'LV')).toBe('LV-1050');
    expect(formatPostcode('1050', 'LV')).toBe('LV-1050');
    expect(formatPostcode('LV-1050', 'LV')).toBe('LV-1050');
    expect(formatPostcode('dk-2100', 'DK')).toBe('DK-2100');
    expect(formatPostcode('2100', 'DK')).toBe('2100');
  });

  it('only normalises for other countries', () => {
    expect(formatPostcode(' 2000 ', 'AU')).toBe('2000');
    expect(formatPostcode('75 008', 'FR')).toBe('75008');
    expect(formatPostcode('10115', 'DE')).toBe('10115');
    expect(formatPostcode('se-114 55', 'SE')).toBe('SE11455');
  });

  it('copes with values shorter than the insertion point', () => {
    expect(formatPostcode('ab', 'GB')).toBe('AB');
    expect(formatPostcode('d0', 'IE')).toBe('D0');
    expect(formatPostcode('', 'GB')).toBe('');
  });

  it('normalizePostcode strips whitespace and hyphens and upper-cases', () => {
    expect(normalizePostcode(' sw1a-1aa\t')).toBe('SW1A1AA');
  });

  it('a formatted valid postcode stays valid for the layouts WooCommerce re-validates', () => {
    const samples: Array<[string, string]> = [
      ['bt902pu', 'GB'], ['k1a0b1', 'CA'], ['d02x285', 'IE'], ['12345678', 'BR'], ['1234567', 'JP'],
      ['12345', 'PL'], ['1000001', 'PT'], ['902101234', 'US'], ['1234ab', 'NL'], ['2100', 'DK'],
    ];
    for (const [raw, country] of samples) {
      expect(isPostcode(formatPostcode(raw, country), country), `${country} ${raw}`).toBe(true);
    }
  });
});

describe('isEmail', () => {
  it('accepts ordinary addresses', () => {
    for (const email of [
      'someone@example.com',
      'first.last@example.co.uk',
      'user+tag@sub.example.org',
      "o'brien@example.ie",
      'a_b-c@ex-ample.com',
      'x@ab.cd',
    ]) {
      expect(isEmail(email), email).toBe(true);
    }
  });

  it('rejects malformed addresses', () => {
    for (const email of [
      '',
      'plainaddress',
      '@example.com',
      'someone@',
      'someone@localhost',
      'some one@example.com',
      'someone@exa mple.com',
      'someone@example..com',
      'someone@.example.com',
      'someone@example.com.',
      'someone@-example.com',
      'someone@example-.com',
      'someone@exa_mple.com',
      'some"one@example.com',
      'a@b.c',
      'a@b@example.com',
      ' someone@example.com',
    ]) {
      expect(isEmail(email), email).toBe(false);
    }
  });

  it('caps the length at 254 characters', () => {
    const domain = '.example.com';
    const ok = 'a'.repeat(254 - '@x'.length - domain.length) + '@x' + domain;
    expect(ok).toHaveLength(254);
    expect(isEmail(ok)).toBe(true);
    expect(isEmail('a' + ok)).toBe(false);
  });
});

describe('isPhone / formatPhone', () => {
  it('accepts digits with the allowed punctuation', () => {
    for (const phone of [
      '01908672352',
      '01908 672352',
      '+44 (0)1908 672352',
      '+1-555-123-4567',
      '555.123.4567',
      '#31',
      '0123/456_789',
      '  01908672352  ',
    ]) {
      expect(isPhone(phone), phone).toBe(true);
    }
  });

  it('rejects letters, other symbols, empty and digit-less values', () => {
    for (const phone of ['call me', '01908 ext 12', '0800-FLOWERS', '+44*1908', '', '   ', '()', '+-', '１２３']) {
      expect(isPhone(phone), phone).toBe(false);
    }
  });

  it('formats like wc_format_phone_number, trimmed with spaces collapsed', () => {
    expect(formatPhone('01908672352')).toBe('01908672352');
    expect(formatPhone('  01908   672 352 ')).toBe('01908 672 352');
    expect(formatPhone('555.123.4567')).toBe('555-123-4567');
    expect(formatPhone('+44 (0)1908 672352')).toBe('+44 (0)1908 672352');
    expect(formatPhone('0123/456_789#2')).toBe('0123-456-789-2');
    expect(formatPhone('01908\t672352')).toBe('01908672352');
  });

  it('returns an empty string for invalid numbers', () => {
    expect(formatPhone('call me')).toBe('');
    expect(formatPhone('')).toBe('');
  });
});
