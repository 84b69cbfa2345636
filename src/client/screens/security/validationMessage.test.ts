import { describe, expect, it } from 'vitest';
import { validationMessage } from './validationMessage';

describe('validationMessage', () => {
  it('names a mock phone number row as the page does', () => {
    expect(validationMessage('invalid body: mockPhoneNumbers.0.phone: must be an E.164 number such as +14155550123'))
      .toBe('Mock phone number 1: must be an E.164 number such as +14155550123');
    expect(validationMessage('invalid body: mockPhoneNumbers.2.code: must be 6 digits')).toBe('Mock phone number 3 (code): must be 6 digits');
  });

  it('names a setting by its label and leaves other words alone', () => {
    expect(validationMessage('invalid body: passwordHistory: Number must be less than or equal to 20')).toBe('Password history: Number must be less than or equal to 20');
    expect(validationMessage('Too many attempts.')).toBe('Too many attempts.');
  });
});
