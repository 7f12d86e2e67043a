import { describe, expect, it } from 'vitest';
import type { Need } from '#shared/domain/work-item.ts';
import type { Db } from '#shared/store/db.ts';
import { needChange, newNeedItem } from '#shared/store/needs.ts';

const id = (n: number) => `01${String(n).padStart(24, '0')}`;
const db = { table: 'stub' } as unknown as Db;
const need: Need = {
  id: id(1),
  ref: 'XQ-20261127-0001',
  enterpriseId: id(2),
  enterpriseName: '芯途半导体有限公司',
  industryChain: '集成电路',
  stage: 'registered',
  category: 'land',
  title: '用地',
  description: '请协助。',
  urgency: 'normal',
  contactName: '沈一鸣',
  contactPhone: '13800138001',
  status: 'resolved',
  ownerId: id(3),
  ownerDepartmentId: id(4),
  dueAt: '2026-12-01T09:30:00.000Z',
  redoCount: 0,
  attachments: [],
  notified: [],
  createdAt: '2026-11-27T02:00:00.000Z',
  version: 3,
};

/** What an update sets and removes, by attribute name. */
function written(item: ReturnType<typeof needChange>) {
  const update = item.item.Update!;
  const names = update.ExpressionAttributeNames as Record<string, string>;
  const values = update.ExpressionAttributeValues as Record<string, unknown>;
  const expression = update.UpdateExpression as string;
  const [setPart, removePart = ''] = expression.replace(/^SET /, '').split(' REMOVE ');
  const set = Object.fromEntries(
    (setPart ?? '')
      .split(', ')
      .map((s) => s.split(' = '))
      .filter(([, v]) => v?.startsWith(':s'))
      .map(([k, v]) => [names[k!], values[v!]]),
  );
  const removed = removePart ? removePart.split(', ').map((k) => names[k]) : [];
  return { set, removed };
}

describe('a need’s index entries', () => {
  it('go into the revisit list, by due time, when it awaits its return visit — and off every board', () => {
    const revisit = { ...need, status: 'revisit' as const, dueAt: '2026-12-04T09:30:00.000Z' };
    const { set, removed } = written(needChange(db, need, revisit));
    expect(set).toMatchObject({ GSI1PK: 'REVISIT', GSI1SK: `2026-12-04T09:30:00.000Z#${need.id}` });
    expect(removed).toEqual(expect.arrayContaining(['GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK']));
    expect(removed).not.toContain('GSI1PK');
  });

  it('leave the revisit list when the need is visited (closed): no index attribute is left', () => {
    const revisit = { ...need, status: 'revisit' as const };
    const closed = { ...revisit, status: 'closed' as const, dueAt: undefined };
    const { set, removed } = written(needChange(db, revisit, closed));
    expect(Object.keys(set).filter((k) => k.startsWith('GSI'))).toEqual([]);
    expect(removed).toEqual(
      expect.arrayContaining(['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK']),
    );
  });

  it('are the boards’ while staff act on it, never the revisit list', () => {
    const routed = { ...need, status: 'routed' as const };
    const item = newNeedItem(db, routed).item.Put!.Item as Record<string, unknown>;
    expect(item.GSI1PK).toBe('OPEN');
    const { set, removed } = written(needChange(db, routed, { ...routed, status: 'signedFor' }));
    expect(set.GSI1PK).toBe('OPEN');
    expect(removed.filter((a) => a?.startsWith('GSI'))).toEqual([]);
  });
});
