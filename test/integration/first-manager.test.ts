import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listDepartments, listStaff } from '#shared/store/organisation.ts';
import { freshDb } from '../support/db.ts';

const run = promisify(execFile);
let db: Awaited<ReturnType<typeof freshDb>>;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => db.drop());

const command = (args: string[]) =>
  run(process.execPath, [
    '--import',
    'tsx',
    'infra/ops/create-manager.ts',
    '--table',
    db.table,
    '--region',
    'local',
    '--endpoint',
    inject('dynamoEndpoint'),
    ...args,
  ]);

describe('npm run create-manager (the first account after a deploy)', () => {
  it('creates the first manager and their department, once', async () => {
    const out = await command([
      '--email',
      'Director@Zone.example.cn',
      '--name',
      '主任',
      '--department',
      '管委会',
    ]);
    expect(out.stdout).toMatch(/created manager [0-9A-Z]{26}: sign in .* director@zone\.example\.cn/);
    expect((await listStaff(db)).map((s) => [s.email, s.role])).toEqual([
      ['director@zone.example.cn', 'manager'],
    ]);
    expect((await listDepartments(db)).map((d) => d.name)).toEqual(['管委会']);

    const again = await command(['--email', 'director@zone.example.cn', '--name', '主任']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((again as { code: number }).code).toBe(1);
    expect((again as { stderr: string }).stderr).toContain('email.taken');
    const bad = await command(['--email', 'not-an-email', '--name', '']).catch((e: { stderr: string }) => e);
    expect((bad as { stderr: string }).stderr).toContain('--email');
    expect(await listStaff(db)).toHaveLength(1);
  }, 60_000);
});
