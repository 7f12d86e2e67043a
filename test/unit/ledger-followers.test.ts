import { describe, expect, it } from 'vitest';
import { mayFollowImport } from '#shared/ledger/followers.ts';

const head = (id: string, departmentId: string) => ({ id, role: 'departmentHead' as const, departmentId });

describe('who may follow an import', () => {
  it('is its uploader, a head of the uploader’s department, or a manager — not another department’s head', () => {
    const uploader = head('u', 'A');
    expect(mayFollowImport(uploader, uploader, 'u')).toBe(true);
    expect(mayFollowImport(head('h', 'A'), uploader, 'u')).toBe(true);
    expect(mayFollowImport(head('h', 'B'), uploader, 'u')).toBe(false);
    expect(mayFollowImport({ id: 'm', role: 'manager', departmentId: 'B' }, uploader, 'u')).toBe(true);
    expect(mayFollowImport({ id: 'o', role: 'officer', departmentId: 'A' }, uploader, 'u')).toBe(false);
    // An uploader no longer on file: only managers (and the uploader) follow it.
    expect(mayFollowImport(head('h', 'A'), undefined, 'u')).toBe(false);
  });
});
