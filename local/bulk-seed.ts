import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Enterprise } from '#shared/domain/enterprise.ts';
import { newId } from '#shared/domain/ids.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import { MILESTONES, SIGNED_STAGES } from '#shared/domain/stage.ts';
import { NEED_CATEGORIES, type Need, type Task } from '#shared/domain/work-item.ts';
import type { Db } from '#shared/store/db.ts';
import { enterpriseItem } from '#shared/store/enterprises.ts';
import { newNeedItem } from '#shared/store/needs.ts';
import { taskItem } from '#shared/store/tasks.ts';
import type { Guarded } from '#shared/store/write.ts';

/**
 * A large zone, written straight to the table with BatchWriteItem (for scale tests and the benchmark): items laid
 * out by the app's own item builders, so the app reads them as its own. Per enterprise: the enterprise, one open
 * task, `closedTasks` completed ones and `needs` needs, of which every `openEvery`-th is open (on the boards).
 */
export interface BulkShape {
  enterprises: number;
  closedTasks: number;
  needs: number;
  openEvery: number;
}

const putOf = (g: Guarded) => (g.item.Put as { Item: Record<string, unknown> }).Item;

export function itemsPerEnterprise(shape: BulkShape): number {
  return 2 + shape.closedTasks + shape.needs;
}

export async function bulkSeed(
  db: Db,
  staff: Staff[],
  shape: BulkShape,
  now: Date,
  onProgress?: (written: number, total: number) => void,
): Promise<{ items: number; openItems: number }> {
  const officers = staff.filter((s) => s.role === 'officer');
  const total = shape.enterprises * itemsPerEnterprise(shape);
  let written = 0;
  let openItems = 0;
  let batch: Record<string, unknown>[] = [];
  const inFlight = new Set<Promise<void>>();
  const day = 86_400_000;

  const flush = async (items: Record<string, unknown>[]) => {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length; attempt++) {
      const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: requests } }));
      requests = (out.UnprocessedItems?.[db.table] ?? []) as typeof requests;
      if (requests.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
    written += items.length;
    onProgress?.(written, total);
  };
  const add = async (item: Record<string, unknown>) => {
    batch.push(item);
    if (batch.length < 25) return;
    const items = batch;
    batch = [];
    const p = flush(items).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 16) await Promise.race(inFlight);
  };

  for (let i = 0; i < shape.enterprises; i++) {
    const officer = officers[i % officers.length] as Staff;
    const signed = new Date(now.getTime() - ((i % 400) + 30) * day);
    const stage = SIGNED_STAGES[i % 5] as Enterprise['stage'];
    const e: Enterprise = {
      id: newId(signed.getTime()),
      name: `规模测试企业${String(i).padStart(5, '0')}有限公司`,
      investor: `投资方${i % 97}`,
      industryChain: ['集成电路', '生物医药', '新能源', '新材料', '数字经济'][i % 5] as string,
      contractedInvestment: 1000 + (i % 50) * 1000,
      fundsInPlace: (i % 50) * 300,
      profile: {},
      lead: { departmentId: officer.departmentId, staffId: officer.id },
      serviceOfficerId: officer.id,
      serviceDepartmentId: officer.departmentId,
      contacts: [{ name: '联系人', phone: '13800138000', email: `c${i}@example.cn` }],
      stage,
      stageSince: signed.toISOString().slice(0, 10),
      status: 'active',
      signedAt: signed.toISOString().slice(0, 10),
      milestones: Object.fromEntries(MILESTONES.map((m) => [m, {}])) as Enterprise['milestones'],
      projectType: 'industrial',
      approvals: {},
      createdAt: signed.toISOString(),
      updatedAt: signed.toISOString(),
      version: 1,
    };
    const context = {
      enterpriseId: e.id,
      enterpriseName: e.name,
      industryChain: e.industryChain,
      stage: e.stage,
    };
    const task = (open: boolean, k: number): Task => ({
      ...context,
      id: newId(signed.getTime() + k),
      kind: 'tracking',
      milestone: 'registered',
      status: open ? 'open' : 'completed',
      officerId: officer.id,
      departmentId: officer.departmentId,
      // Spread due dates from 60 days ago to 60 days ahead: some red, some yellow, most green.
      dueAt: new Date(now.getTime() + (((i * 7 + k) % 120) - 60) * day).toISOString(),
      openedAt: signed.toISOString(),
      notified: [],
      version: 1,
    });
    const open = task(true, 0);
    await add(putOf(enterpriseItem(db, { ...e, openTaskId: open.id })));
    await add(putOf(taskItem(db, open)));
    openItems++;
    for (let k = 1; k <= shape.closedTasks; k++) await add(putOf(taskItem(db, task(false, k))));
    for (let k = 0; k < shape.needs; k++) {
      const open = k % shape.openEvery === 0;
      const need: Need = {
        ...context,
        id: newId(signed.getTime() + 1000 + k),
        ref: `XQ-${i}-${k}`,
        category: NEED_CATEGORIES[k % NEED_CATEGORIES.length] as Need['category'],
        title: `诉求${k}`,
        description: '规模测试用的诉求描述。',
        urgency: 'normal',
        contactName: '联系人',
        contactPhone: '13800138000',
        status: open ? 'signedFor' : 'closed',
        ownerId: officer.id,
        ownerDepartmentId: officer.departmentId,
        dueAt: new Date(now.getTime() + (((i * 11 + k) % 120) - 60) * day).toISOString(),
        redoCount: 0,
        attachments: [],
        notified: [],
        createdAt: signed.toISOString(),
        version: 1,
      };
      await add(putOf(newNeedItem(db, need)));
      if (open) openItems++;
    }
  }
  if (batch.length) await flush(batch);
  await Promise.all(inFlight);
  return { items: written, openItems };
}
