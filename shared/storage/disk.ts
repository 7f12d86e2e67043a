import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FileStore } from './files.ts';

/** Local mode: files under a folder (the git-ignored data folder), with their content type beside them. */
export function diskFileStore(root: string): FileStore {
  const base = resolve(root);
  const path = (key: string) => {
    const full = resolve(join(base, key));
    if (!full.startsWith(`${base}/`)) throw new Error('invalid file key');
    return full;
  };
  return {
    async put(key, bytes, contentType) {
      const file = path(key);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes);
      await writeFile(`${file}.type`, contentType);
    },
    async get(key) {
      try {
        const file = path(key);
        return { bytes: await readFile(file), contentType: await readFile(`${file}.type`, 'utf8') };
      } catch {
        return undefined;
      }
    },
  };
}
