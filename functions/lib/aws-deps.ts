import { loadConfig } from '#shared/config/config.ts';
import { awsSecrets } from '#shared/config/secrets.ts';
import { createDeps, type Deps } from '#shared/deps.ts';

let deps: Promise<Deps> | undefined;

/** Built once per container: configuration from the environment, secrets from Secrets Manager. */
export function awsDeps(): Promise<Deps> {
  deps ??= (async () => {
    const config = loadConfig();
    const secrets = await awsSecrets(config.SECRET_ARN as string, config.AWS_REGION);
    return createDeps(config, secrets);
  })();
  return deps;
}
