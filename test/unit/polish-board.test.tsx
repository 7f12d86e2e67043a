import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { BoardPage } from '#functions/http/pages/board.view.tsx';
import type { ViewContext } from '#functions/http/ui/context.ts';
import type { Board, BoardRow } from '#shared/board/board.ts';
import { translator } from '#shared/i18n/i18n.ts';

/** Issue 17 item 7: the board says what it lists, opens with its counts, and labels its filters. */
const ctxIn = (locale: 'zh-CN' | 'en'): ViewContext => ({
  t: translator(locale),
  locale,
  path: '/console',
  csrf: 'csrf-token',
  local: true,
  // A manager: every scope, every filter.
  can: () => true,
});
const zh = ctxIn('zh-CN');
const en = ctxIn('en');

const row = (over: Partial<BoardRow>) =>
  ({
    itemType: 'task',
    id: 'T1',
    title: { key: 'task.visit' },
    enterpriseId: 'E1',
    enterpriseName: '卓越复合材料有限公司',
    stage: 'operating',
    industryChain: '新材料',
    ownerId: 'S1',
    ownerName: '刘洋',
    departmentId: 'D1',
    dueAt: '2026-12-02T09:30:00.000Z',
    dueDate: '2026-12-02',
    light: 'green',
    overdueWorkingDays: 0,
    urgent: false,
    href: '/task?t=x',
    ...over,
  }) as BoardRow;

const rows = [
  row({ id: 'A', light: 'red', overdueWorkingDays: 7 }),
  row({ id: 'B', light: 'red', overdueWorkingDays: 3 }),
  row({ id: 'C', light: 'red', overdueWorkingDays: 1 }),
  row({ id: 'D', light: 'yellow' }),
  row({ id: 'E', light: 'green' }),
];

const render = (p: {
  ctx?: ViewContext;
  board?: Partial<Board>;
  whose?: string;
  fundsArrivedThisMonth?: number;
  counts?: { overdue: number; dueSoon: number; at: string };
  filters?: Record<string, string>;
}) =>
  renderToString(
    h(BoardPage, {
      ctx: p.ctx ?? zh,
      board: { scope: 'zone', readUnits: 1, rows, ...p.board },
      filters: p.filters ?? {},
      counts: p.counts,
      stages: ['operating'],
      people: [{ id: 'S1', name: '刘洋' }],
      departments: [{ id: 'D1', name: '企业服务局' }],
      whose: p.whose,
      fundsArrivedThisMonth: p.fundsArrivedThisMonth,
    }),
  );

const h1 = (html: string) => /<h1>(.*?)<\/h1>/.exec(html)?.[1];
const titleTag = (html: string) => /<title>(.*?)<\/title>/.exec(html)?.[1] ?? '';

describe('the board’s title says what it lists and whose it is', () => {
  it('names the zone, a department, one person, or the reader’s own items', () => {
    expect(h1(render({ board: { scope: 'zone' } }))).toBe('全园区待办与逾期事项');
    expect(h1(render({ board: { scope: 'department' }, whose: '企业服务局' }))).toBe(
      '企业服务局待办与逾期事项',
    );
    expect(h1(render({ board: { scope: 'officer', officerId: 'S1' }, whose: '刘洋' }))).toBe(
      '刘洋的待办与逾期事项',
    );
    expect(h1(render({ board: { scope: 'mine' } }))).toBe('我的待办与逾期事项');
    expect(titleTag(render({ board: { scope: 'mine' } }))).toContain('我的待办与逾期事项');
    expect(h1(render({ ctx: en, board: { scope: 'department' }, whose: 'Enterprise Service Bureau' }))).toBe(
      'Open and overdue items: Enterprise Service Bureau',
    );
    expect(render({})).not.toContain('逾期看板');
  });
});

describe('the board opens with its counts', () => {
  it('counts the overdue and due-soon rows it read', () => {
    const html = render({});
    const summary = /<p class="board-summary"[^>]*>(.*?)<\/p>/.exec(html)?.[1] ?? '';
    expect(summary).toContain('逾期 <strong data-count="overdue">3</strong>');
    expect(summary).toContain('临期 <strong data-count="dueSoon">1</strong>');
    expect(summary).not.toContain('本月到位');
    expect(summary).not.toContain('本页');
  });

  it('counts the whole scope when the sweep has counted it, and says as of when (Asia/Shanghai)', () => {
    const counts = { overdue: 41, dueSoon: 9, at: '2026-12-07T02:45:00.000Z' };
    const html = render({ board: { next: 'cursor' }, counts });
    expect(html).toContain('逾期 <strong data-count="overdue">41</strong>');
    expect(html).toContain('临期 <strong data-count="dueSoon">9</strong>');
    expect(html).toContain('data-counts="scope">（全部，截至 2026-12-07 10:45）');
    expect(html).not.toContain('本页');
    // A filtered board lists less than its scope: it counts its rows.
    const filtered = render({ board: { next: 'cursor' }, counts, filters: { kind: 'task' } });
    expect(filtered).toContain('逾期 <strong data-count="overdue">3</strong>');
    expect(filtered).toContain('data-counts="page">（本页）');
  });

  it('says the counts are this page’s when there are more pages', () => {
    expect(render({ board: { next: 'cursor' } })).toMatch(/<p class="board-summary"[^>]*>.*（本页）/);
  });

  it('shows funds arrived this month only when given (万元)', () => {
    const html = render({ fundsArrivedThisMonth: 1250 });
    expect(html).toContain('本月到位 <strong data-count="fundsThisMonth">1,250</strong> 万元');
    expect(render({ fundsArrivedThisMonth: 0 })).toContain('data-count="fundsThisMonth">0<');
  });

  it('counts nothing on an empty board', () => {
    const html = render({ board: { rows: [] } });
    expect(html).toContain('data-count="overdue">0<');
    expect(html).toContain('data-count="dueSoon">0<');
  });
});

describe('the board has a column of overdue working days', () => {
  it('heads it 逾期工作日 and prints each row’s count', () => {
    const html = render({});
    expect(html).toContain('<th>逾期工作日</th>');
    expect(html).toMatch(/data-item="A".*?<td data-overdue-days="7">7<\/td>/);
    expect(html).toMatch(/data-item="E".*?<td data-overdue-days="0">—<\/td>/);
  });
});

describe('the filters are labelled by labels', () => {
  it('gives every control a <label for> with its own text, never one of its values', () => {
    const html = render({});
    const form = /<form method="get" action="\/console"[^>]*>(.*?)<\/form>/.exec(html)?.[1] ?? '';
    for (const [id, name, label] of [
      ['f-scope', 'scope', '范围'],
      ['f-department', 'department', '部门'],
      ['f-officer', 'officer', '人员'],
      ['f-stage', 'stage', '阶段'],
      ['f-kind', 'kind', '类型'],
      ['f-industryChain', 'industryChain', '产业链'],
    ]) {
      expect(form).toContain(`<label for="${id}">${label}</label>`);
      expect(form).toMatch(
        new RegExp(
          `<(select|input) [^>]*name="${name}"[^>]*id="${id}"|<(select|input) id="${id}"[^>]*name="${name}"`,
        ),
      );
    }
    // The scope picker was labelled by its first value.
    expect(form).not.toMatch(/<label[^>]*>全园区/);
  });
});
