import { describe, expect, it } from 'vitest';
import { nextPath } from '#shared/auth/next-path.ts';

describe('the page to return to after signing in', () => {
  it('keeps a path on this site with its query', () => {
    expect(nextPath('/console')).toBe('/console');
    expect(nextPath('/console/funds/new?e=01J&x=%2F')).toBe('/console/funds/new?e=01J&x=%2F');
  });

  it('drops other origins, control characters, backslashes and non-strings', () => {
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/',
      'console',
      '',
      '/a b',
      '/a\nb',
      '/a\u007fb',
      '/a\\b',
      '/console/中',
      '/console/\u00e9',
      `/${'a'.repeat(1000)}`,
      undefined,
      42,
    ])
      expect(nextPath(bad)).toBeUndefined();
  });
});
