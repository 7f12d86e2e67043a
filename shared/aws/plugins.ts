/**
 * SDK plugins registered process-wide, given to every AWS SDK client the app makes (`clients.ts`). None are in
 * production; the AWS twin and the tests register a call recorder (each call checked against the function's IAM
 * role) and a fault layer (AWS's transient errors injected) before the app creates its clients. Kept apart from the
 * clients so registering one loads no SDK.
 */
const PLUGINS = Symbol.for('aftercare.sdkPlugins');

/** A smithy plugin, structurally (`Pluggable` in @smithy/types). */
export interface SdkPlugin {
  applyToStack(stack: unknown): void;
}

/** The part of a smithy middleware stack a plugin uses, structurally. */
export type SdkNext = (args: { input: Record<string, unknown> }) => Promise<unknown>;
export type SdkMiddleware = (
  next: SdkNext,
  context: { clientName?: string; commandName?: string },
) => SdkNext;
export interface SdkStack {
  add(middleware: SdkMiddleware, options: { step: string; name: string; priority?: string }): void;
}

type Registry = { [PLUGINS]?: SdkPlugin[] };

/** Register a plugin for every client created from now on (tests and the AWS twin only). */
export function registerSdkPlugin(plugin: SdkPlugin): void {
  const g = globalThis as Registry;
  g[PLUGINS] = [...(g[PLUGINS] ?? []), plugin];
}

/** Forget every registered plugin (tests). */
export function clearSdkPlugins(): void {
  delete (globalThis as Registry)[PLUGINS];
}

export function withPlugins<C extends { middlewareStack: { use(p: SdkPlugin): void } }>(client: C): C {
  for (const plugin of (globalThis as Registry)[PLUGINS] ?? []) client.middlewareStack.use(plugin);
  return client;
}
