import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The unit project's setupFile: no Java for unit tests (see vitest.config.ts). Unsets JAVA_HOME (and JDK_HOME),
 * drops JDK directories from PATH, and puts first on PATH a directory whose only file is a `java` that says why
 * and exits 1 — so `checkJava()`, DynamoDB Local, or any other `java` spawned from a unit test fails.
 *
 * The directory is one per user and kept between runs (vitest kills its workers, so there is no reliable moment
 * to remove it); the script is written to a temporary name and renamed into place, so parallel workers never see
 * a half-written one.
 */
const SCRIPT =
  '#!/bin/sh\necho "java is hidden from unit tests (test/support/no-java.ts): move this test to test/integration" >&2\nexit 1\n';

function shadowDir(): string {
  const dir = join(tmpdir(), `aftercare-no-java-${userInfo().uid}`);
  const java = join(dir, 'java');
  try {
    if (readFileSync(java, 'utf8') === SCRIPT) return dir;
  } catch {
    /* not made yet */
  }
  mkdirSync(dir, { recursive: true });
  const draft = `${java}.${process.pid}`;
  writeFileSync(draft, SCRIPT);
  chmodSync(draft, 0o755);
  renameSync(draft, java);
  return dir;
}

const dir = shadowDir();
const jdk = /(^|[/\\])(java|jdk|jre|openjdk)[^/\\]*([/\\]|$)/i;
const kept = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((entry) => entry && entry !== dir && !jdk.test(entry));
process.env.PATH = [dir, ...kept].join(delimiter);
delete process.env.JAVA_HOME;
delete process.env.JDK_HOME;
