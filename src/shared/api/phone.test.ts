import { describe, expect, it } from 'vitest';
import { normalizePhoneInput, phoneNumberSchema } from './phone';

describe('normalizePhoneInput', () => {
  it.each([
    ['+1 (415) 555-0123', '+14155550123'],
    [' +44 20 7946 0958 ', '+442079460958'],
    ['0049.30.1234567', '+49301234567'],
    ['+14155550123', '+14155550123'],
  ])('%s -> %s, which the API takes', (typed, e164) => {
    expect(normalizePhoneInput(typed)).toBe(e164);
    expect(phoneNumberSchema.parse(e164)).toBe(e164);
  });

  it.each(['415 555 0123', '+0 415 555 0123', '+1 415 555 0123 ext 4', 'phone'])('leaves %s for the schema to refuse', (typed) => {
    expect(phoneNumberSchema.safeParse(normalizePhoneInput(typed)).success).toBe(false);
  });
});
