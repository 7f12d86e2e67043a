/**
 * Code and clients made when first needed, once per process. Everything that loads or builds something lazily —
 * an SDK client, an adapter, a workflow step, a function's adapters — goes through `once`, so each has the same rule:
 * a failure is not kept, and the next call tries again.
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    if (!made) {
      const p = make();
      made = p;
      p.catch(() => {
        if (made === p) made = undefined;
      });
    }
    return made;
  };
}

/**
 * An adapter whose code loads when it is first used (esbuild makes it a chunk of its own): every member is an async
 * method, which waits for `load` and calls the real one.
 */
export function lazyAdapter<T extends object>(load: () => Promise<T>): T {
  const real = once(load);
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      return async (...args: unknown[]) => {
        const adapter = (await real()) as Record<PropertyKey, (...a: unknown[]) => unknown>;
        return adapter[property]?.(...args);
      };
    },
  });
}
