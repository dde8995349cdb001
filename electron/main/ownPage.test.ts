import { describe, expect, it } from 'vitest';
import { isOwnPage } from './ownPage';

describe('isOwnPage (IPC sender and navigation check)', () => {
  const packaged = 'file:///opt/kiosk/resources/app.asar/out/renderer/index.html';

  it('accepts only our own index.html when loaded from a file', () => {
    expect(isOwnPage(packaged, packaged)).toBe(true);
    expect(isOwnPage(`${packaged}#/kiosk`, packaged)).toBe(true);
    expect(isOwnPage('file:///tmp/evil.html', packaged)).toBe(false);
    expect(isOwnPage('https://example.com/', packaged)).toBe(false);
  });

  it('accepts only the dev server origin in development', () => {
    const dev = 'http://localhost:5173/';
    expect(isOwnPage('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isOwnPage('http://localhost:5174/', dev)).toBe(false);
    expect(isOwnPage('http://localhost.evil.com:5173/', dev)).toBe(false);
  });

  it('refuses missing and malformed URLs', () => {
    expect(isOwnPage(undefined, packaged)).toBe(false);
    expect(isOwnPage('', packaged)).toBe(false);
    expect(isOwnPage('not a url', packaged)).toBe(false);
    expect(isOwnPage('about:blank', packaged)).toBe(false);
  });
});
