import type { BoardRow } from '../board/board.ts';
import type { Enterprise } from '../domain/enterprise.ts';
import { MILESTONES, type Stage } from '../domain/stage.ts';
import type { MessageKey, Translate } from '../i18n/i18n.ts';
import type { Pipeline } from '../pipeline/pipeline.ts';
import type { Sheet } from './workbook.ts';

/** What the exports need of the reader: their language, and how to name a department. */
export interface SheetContext {
  t: Translate;
  departmentName: (d: { name: string; nameEn?: string }) => string;
}

export function boardSheet(c: SheetContext, rows: BoardRow[]): Sheet {
  const { t } = c;
  return {
    name: t('console.title'),
    columns: (
      [
        'board.light',
        'board.due',
        'board.overdueDays',
        'board.kind',
        'board.item',
        'board.enterprise',
        'board.industry',
        'board.stage',
        'board.owner',
      ] satisfies MessageKey[]
    ).map((k) => ({ header: t(k) })),
    rows: rows.map((r) => [
      t(`light.${r.light}`),
      r.dueDate,
      r.overdueWorkingDays,
      t(`board.kind.${r.itemType}`),
      r.title.key === 'need'
        ? (r.title.text ?? '')
        : t(r.title.key, {
            // A task's goal is the milestone's name (开工建设), never the status word (已开工).
            milestone: r.title.milestone ? t(`milestone.${r.title.milestone}`) : '',
            approval: r.title.approval ? t(`approval.${r.title.approval}`) : '',
            title: r.title.text ?? '',
          }),
      r.enterpriseName,
      r.industryChain,
      t(`stage.${r.stage}`),
      r.ownerName,
    ]),
  };
}

/** The pipeline: the counts by stage, and every enterprise listed with planned and actual milestone dates. */
export function pipelineSheets(
  c: SheetContext,
  pipeline: Pipeline,
  enterprises: Enterprise[],
  names: Map<string, string>,
): Sheet[] {
  const { t } = c;
  const stage = (s: Stage) => t(`stage.${s}`);
  return [
    {
      name: t('pipeline.byStage'),
      columns: [{ header: t('board.stage') }, { header: t('pipeline.count') }],
      rows: pipeline.counts.map((r) => [stage(r.stage), r.count]),
    },
    {
      name: t('pipeline.enterprises'),
      columns: [
        t('board.enterprise'),
        t('enterprise.investor'),
        t('board.industry'),
        t('board.stage'),
        t('pipeline.since'),
        t('enterprise.contractedInvestment'),
        t('enterprise.fundsInPlace'),
        t('board.owner'),
        // Planned and actual dates are the milestone's (开工建设 · 计划), not the stage's status word.
        ...MILESTONES.flatMap((m) => [
          `${t(`milestone.${m}`)} · ${t('pipeline.planned')}`,
          `${t(`milestone.${m}`)} · ${t('pipeline.actual')}`,
        ]),
      ].map((header) => ({ header })),
      rows: enterprises.map((e) => [
        e.name,
        e.investor,
        e.industryChain,
        stage(e.stage),
        e.stageSince,
        e.contractedInvestment,
        e.fundsInPlace,
        names.get(e.serviceOfficerId) ?? '',
        ...MILESTONES.flatMap((m) => [e.milestones[m].planned ?? null, e.milestones[m].actual ?? null]),
      ]),
    },
  ];
}
