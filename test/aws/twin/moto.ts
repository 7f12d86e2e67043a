import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from '#local/dynamodb.ts';

export interface Moto {
  endpoint: string;
  stop(): Promise<void>;
  /** The emails moto's SES accepted, oldest first (its internal data view). */
  sentMail(): Promise<MotoMail[]>;
}

export interface MotoMail {
  id: string;
  source: string;
  to: string[];
  subject: string;
  /** The HTML body (what SES was given as Html). */
  body: string;
}

export class MotoMissingError extends Error {
  override readonly name = 'MotoMissingError';
}

/**
 * moto's server: SES v2, S3, Parameter Store, STS and more over the real AWS protocols on one local port. It is
 * preinstalled on the project's machines (pip); `.ci/run` stops with a clear message if it is missing.
 */
export async function startMoto(): Promise<Moto> {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status !== 0) {
    throw new MotoMissingError(
      'moto_server is not on PATH: the AWS twin needs moto 5.2 (pip install "moto[server]")',
    );
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: 'ignore',
    detached: true,
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode})`);
    if (Date.now() > deadline) throw new Error('moto_server did not answer within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    async sentMail() {
      const data = (await (await fetch(`${endpoint}/moto-api/data.json`)).json()) as {
        ses?: {
          Message?: {
            id: string;
            source: string;
            destinations: { ToAddresses: string[] };
            subject: string;
            body: string;
          }[];
        };
      };
      return (data.ses?.Message ?? []).map((m) => ({
        id: m.id,
        source: m.source,
        to: m.destinations.ToAddresses,
        subject: m.subject,
        body: m.body,
      }));
    },
    async stop() {
      if (child.exitCode !== null || !child.pid) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    },
  };
}
