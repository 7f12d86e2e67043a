import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { secretsClient } from '../aws/clients.ts';

/** Secrets never come from code or plain environment variables. */
export const Secrets = z.object({
  /** HMAC key for signed links and CSRF tokens, base64. */
  signingKey: z.string().min(32),
  smtpUrl: z.string().optional(),
  /** WeCom, DingTalk and SMS credentials (`ChannelSecrets` in `shared/notify/setup.ts` reads them). */
  channels: z.record(z.string(), z.string()).optional(),
});
export type Secrets = z.infer<typeof Secrets>;

/** Local mode: a key generated on first start and kept in the git-ignored data folder. */
export function localSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return Secrets.parse(JSON.parse(readFileSync(file, 'utf8')));
  mkdirSync(dataDir, { recursive: true });
  const secrets: Secrets = { signingKey: randomBytes(32).toString('base64') };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** On AWS: read once per container from Secrets Manager. */
export async function awsSecrets(secretArn: string, region?: string): Promise<Secrets> {
  const client = await secretsClient(region);
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  return Secrets.parse(JSON.parse(out.SecretString ?? '{}'));
}
