import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '#shared/config/config.ts';
import { createDeps } from '#shared/deps.ts';

describe('configuration', () => {
  it('names the field that is wrong', () => {
    expect(() => loadConfig({ TABLE_NAME: 'aftercare', BASE_URL: 'not a url' })).toThrow(/BASE_URL/);
    expect(() =>
      loadConfig({ TABLE_NAME: 'a', BASE_URL: 'https://x.example', AFTERCARE_MODE: 'local' }),
    ).toThrow(/TABLE_NAME/);
  });

  it('refuses the local outbox outside local mode', () => {
    expect(() =>
      loadConfig({
        TABLE_NAME: 'aftercare',
        BASE_URL: 'https://x.example',
        SECRETS_PARAMETER: '/x/secrets',
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
    expect(c.MAIL_FROM).toBe('aftercare@localhost');
  });
});

/** A wait or failure step's environment on AWS: the common settings and its one grant, the table. */
const WAIT_STEP_ENV = {
  AFTERCARE_MODE: 'aws',
  AWS_REGION: 'ap-southeast-1',
  TABLE_NAME: 'aftercare',
  BASE_URL: 'https://aftercare.example.cn',
};

describe('an AWS function with only some grants', () => {
  it('loads without the variables of grants it does not have', () => {
    const c = loadConfig(WAIT_STEP_ENV);
    expect(c.SECRETS_PARAMETER).toBeUndefined();
    expect(c.LIFECYCLE_ARN).toBeUndefined();
    expect(c.NEED_FLOW_ARN).toBeUndefined();
    expect(c.ATTACHMENTS_BUCKET).toBeUndefined();
    // No sender is made up on AWS: it comes with the mail grant.
    expect(c.MAIL_FROM).toBeUndefined();
  });

  it('fails where an adapter is used without its variable, naming it', async () => {
    const deps = createDeps(loadConfig(WAIT_STEP_ENV), undefined);
    expect(() => deps.links.sign).toThrow(ConfigError);
    expect(() => deps.links.sign).toThrow(/links\.sign: SECRETS_PARAMETER is not set/);
    await expect(deps.mailer.send({} as never)).rejects.toThrow(/mailer\.send: MAIL_FROM is not set/);
    expect(() => deps.files.put).toThrow(/files\.put: ATTACHMENTS_BUCKET is not set/);
    await expect(deps.workflows.startLifecycle({ enterpriseId: 'E1', generation: 1 })).rejects.toThrow(
      /workflows\.startLifecycle: LIFECYCLE_ARN is not set/,
    );
    await expect(
      deps.workflows.startNeed({ enterpriseId: 'E1', needId: 'N1', generation: 1 }),
    ).rejects.toThrow(/NEED_FLOW_ARN is not set/);
    // Releasing a wait needs only the token: it is there (and would call Step Functions).
    expect(typeof deps.workflows.sendTaskSuccess).toBe('function');
  });

  it('in smtp mode, mails only with the secret (the SMTP URL is in it)', async () => {
    const deps = createDeps(
      loadConfig({ ...WAIT_STEP_ENV, MAIL_MODE: 'smtp', MAIL_FROM: 'aftercare@zone.example.cn' }),
      undefined,
    );
    await expect(deps.mailer.send({} as never)).rejects.toThrow(/mailer\.send: SECRETS_PARAMETER is not set/);
  });

  it('builds every adapter when it has every variable', () => {
    const deps = createDeps(
      loadConfig({
        ...WAIT_STEP_ENV,
        SECRETS_PARAMETER: '/aftercare/secrets',
        MAIL_FROM: 'aftercare@zone.example.cn',
        ATTACHMENTS_BUCKET: 'bucket',
        LIFECYCLE_ARN: 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:a-lifecycle',
        NEED_FLOW_ARN: 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:a-need-flow',
      }),
      { signingKey: 'k'.repeat(44) },
    );
    expect(typeof deps.links.sign).toBe('function');
    expect(typeof deps.files.put).toBe('function');
  });
});
