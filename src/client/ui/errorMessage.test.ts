import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiClient';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it('words known codes for people', () => {
    expect(errorMessage(new ApiError(409, { code: 'email_taken', message: 'email taken' }))).toMatch(/already exists/);
    expect(errorMessage(new ApiError(401, { code: 'invalid_credentials', message: 'x' }))).toBe('Wrong email or password.');
  });
  it("falls back to the server's message, then to a generic one", () => {
    expect(errorMessage(new ApiError(404, { code: 'not_found', message: 'No account has this email.' }))).toBe('No account has this email.');
    expect(errorMessage(new ApiError(0, {}))).toBe('Request failed with status 0');
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage('weird')).toBe('Something went wrong.');
  });
});
