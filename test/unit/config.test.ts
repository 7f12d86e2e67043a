import { describe, expect, it } from 'vitest';
import { loadConfig } from '#shared/config/config.ts';

describe('configuration', () => {
  it('names the field that is wrong', () => {
    expect(() => loadConfig({ TABLE_NAME: 'aftercare', BASE_URL: 'not a url' })).toThrow(/BASE_URL/);
    expect(() =>
      loadConfig({ TABLE_NAME: 'aftercare', BASE_URL: 'https://x.example', AFTERCARE_MODE: 'aws' }),
    ).toThrow(/SECRET_ARN/);
    expect(() =>
      loadConfig({ TABLE_NAME: 'a', BASE_URL: 'https://x.example', AFTERCARE_MODE: 'local' }),
    ).toThrow(/TABLE_NAME/);
  });

  it('refuses the local outbox outside local mode', () => {
    expect(() =>
      loadConfig({
        TABLE_NAME: 'aftercare',
        BASE_URL: 'https://x.example',
        SECRET_ARN: 'arn:x',
        MAIL_MODE: 'outbox',
      }),
    ).toThrow(/MAIL_MODE/);
  });

  it('fills defaults', () => {
    const c = loadConfig({
      TABLE_NAME: 'aftercare',
      BASE_URL: 'http://localhost:3000',
      AFTERCARE_MODE: 'local',
    });
    expect(c.SIGN_IN_LINK_MINUTES).toBe(15);
    expect(c.MAIL_MODE).toBe('ses');
  });
});
