import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ssmClient } from '../aws/clients.ts';

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

/**
 * On AWS: read once per container from Parameter Store, a SecureString under the AWS managed key (no charge for the
 * parameter; Secrets Manager's $0.40 a month was a fifth of a zone's fixed bill). CloudFormation cannot create a
 * SecureString, so the first function that reads it and finds none creates it with a new signing key — only if it
 * is still absent (`Overwrite: false`): when two do so at once, one write wins and both read it back. The operator
 * adds `smtpUrl` and `channels` to the same JSON (README: deploy).
 */
export async function awsSecrets(parameterName: string, region?: string): Promise<Secrets> {
  const { GetParameterCommand, PutParameterCommand, ParameterNotFound, ParameterAlreadyExists } =
    await import('@aws-sdk/client-ssm');
  const client = await ssmClient(region);
  const read = async () => {
    const out = await client.send(new GetParameterCommand({ Name: parameterName, WithDecryption: true }));
    return Secrets.parse(JSON.parse(out.Parameter?.Value ?? '{}'));
  };
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof ParameterNotFound)) throw error;
  }
  const created: Secrets = { signingKey: randomBytes(48).toString('base64') };
  try {
    await client.send(
      new PutParameterCommand({
        Name: parameterName,
        Type: 'SecureString',
        Value: JSON.stringify(created),
        Overwrite: false,
        Description: 'aftercare: link-signing key (signingKey); smtpUrl and channels added by the operator',
      }),
    );
  } catch (error) {
    if (!(error instanceof ParameterAlreadyExists)) throw error;
  }
  return read();
}
