import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpHandler } from '#functions/http/app.ts';
import { json } from '#functions/http/lib/respond.ts';
import { route } from '#functions/http/lib/route.ts';
import { stepHandler } from '#functions/lib/step-handler.ts';
import { serveLambda } from '#local/http-adapter.ts';
import { lambdaContext } from '#local/lambda-context.ts';
import { systemClock } from '#shared/clock/clock.ts';
import type { Deps } from '#shared/deps.ts';
import { logger } from '#shared/log/logger.ts';
import { testConfig, testLinks } from '../support/fixtures.ts';

/**
 * Issue 14 item 17 (last part): the correlation id belongs to the operation, so two requests (or steps) running at
 * once in one process — as everything does locally — never log each other's id.
 */
type Line = { message: string; correlationId?: string; probe?: string };
let lines: Line[];
const originalConsole = (logger as unknown as { console: unknown }).console;

beforeEach(() => {
  lines = [];
  const capture = (text: string) => void lines.push(JSON.parse(text) as Line);
  (logger as unknown as { console: unknown }).console = {
    info: capture,
    warn: capture,
    error: capture,
    debug: capture,
    log: capture,
  };
  logger.setLogLevel('DEBUG');
});
afterEach(() => {
  (logger as unknown as { console: unknown }).console = originalConsole;
  logger.setLogLevel('SILENT');
});

/** A gate a test opens by hand, so that two operations interleave exactly as it says. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const deps = { config: testConfig, links: testLinks, clock: systemClock } as unknown as Deps;

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('correlation ids per operation', () => {
  it('two overlapping requests each log their own id, before and after the other starts and ends', async () => {
    const gates = { a: gate(), b: gate() };
    const probe = route({
      method: 'GET',
      path: '/probe/{name}',
      access: 'public',
      handler: async (e) => {
        const name = e.pathParameters?.name as 'a' | 'b';
        logger.info('before', { probe: name });
        await gates[name].opened;
        logger.info('after', { probe: name });
        return json({ ok: true });
      },
    });
    // Through the local server, as `npm start` serves it.
    const server = createServer(serveLambda(createHttpHandler(async () => deps, [probe]) as never));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = (name: string) =>
      fetch(`${base}/probe/${name}`, { headers: { 'x-correlation-id': `req-${name}` } });
    try {
      const a = get('a');
      await until(() => lines.some((l) => l.probe === 'a'));
      const b = get('b');
      await until(() => lines.some((l) => l.probe === 'b'));
      gates.a.open();
      expect((await a).status).toBe(200);
      gates.b.open();
      expect((await b).status).toBe(200);
    } finally {
      server.close();
    }
    const probes = lines.filter((l) => l.probe);
    expect(probes.map((l) => `${l.message}:${l.probe}`)).toEqual([
      'before:a',
      'before:b',
      'after:a',
      'after:b',
    ]);
    for (const line of probes) expect(line.correlationId, line.message).toBe(`req-${line.probe}`);
    // Nothing left behind for what runs next outside any request.
    logger.info('outside');
    expect(lines.find((l) => l.message === 'outside')?.correlationId).toBeUndefined();
  });

  it('two overlapping workflow steps each log their own enterprise', async () => {
    const gates: Record<string, ReturnType<typeof gate>> = { e1: gate(), e2: gate() };
    const step = stepHandler(
      'FailureStep',
      async () => deps,
      async () => async (_deps, input) => {
        const { enterpriseId } = input as { enterpriseId: string };
        logger.info('step before', { probe: enterpriseId });
        await gates[enterpriseId]!.opened;
        logger.info('step after', { probe: enterpriseId });
        return {};
      },
    ) as unknown as (e: unknown, c: unknown) => Promise<unknown>;
    const one = step({ enterpriseId: 'e1' }, lambdaContext('step', '1'));
    await new Promise((r) => setTimeout(r, 10));
    const two = step({ enterpriseId: 'e2' }, lambdaContext('step', '2'));
    await new Promise((r) => setTimeout(r, 10));
    gates.e1!.open();
    await one;
    gates.e2!.open();
    await two;
    const probes = lines.filter((l) => l.probe);
    expect(probes).toHaveLength(4);
    for (const line of probes) expect(line.correlationId, line.message).toBe(`lifecycle:${line.probe}`);
  });
});
