import { loadConfig } from '#shared/config/config.ts';
import { awsSecrets } from '#shared/config/secrets.ts';
import { createDeps, type Deps } from '#shared/deps.ts';

export interface AwsNeeds {
  /** Reads the link-signing key (and the SMTP URL): only functions that sign links or send mail, as their roles say. */
  secret: boolean;
}

const built = new Map<boolean, Promise<Deps>>();

/**
 * Built on the first invocation (nothing but configuration at import) and kept for the container's life: the
 * configuration from the environment and — only if the function needs it — the secret from Secrets Manager. A
 * failure is never kept: the next invocation tries again.
 */
export function awsDeps(needs: AwsNeeds = { secret: true }): Promise<Deps> {
  let deps = built.get(needs.secret);
  if (!deps) {
    deps = (async () => {
      const config = loadConfig();
      const secrets = needs.secret
        ? await awsSecrets(config.SECRET_ARN as string, config.AWS_REGION)
        : undefined;
      return createDeps(config, secrets);
    })();
    built.set(needs.secret, deps);
    deps.catch(() => built.delete(needs.secret));
  }
  return deps;
}
