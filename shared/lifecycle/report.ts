import { z } from 'zod';
import { IsoDate, msg, Text } from '../domain/primitives.ts';
import { NeedCategory } from '../domain/work-item.ts';

const notes = Text(1000).optional();

/**
 * Funds in place are reported on their own, with their evidence (到位资金报送, `shared/funds/report.ts`), and count
 * once verified: a task report that still carries an amount is refused, never taken without evidence nor dropped
 * silently.
 */
const noFunds = z.never({ error: 'funds.useReport' }).optional();

/** What an officer reports on a task, from the task page. */
export const TaskReport = z.discriminatedUnion(
  'outcome',
  [
    z.object({ outcome: z.literal('milestone'), actualDate: IsoDate, fundsInPlace: noFunds, notes }),
    z.object({ outcome: z.literal('progress'), expectedDate: IsoDate, reason: Text(500), notes }),
    z.object({
      outcome: z.literal('blocker'),
      category: NeedCategory,
      title: Text(80),
      description: Text(2000),
    }),
    /** An approval granted (its task's approval), on a date. */
    z.object({ outcome: z.literal('approved'), approvedDate: IsoDate, notes }),
    /** A follow-up with the investor while in talks: what was said, and when to follow up next. */
    z.object({ outcome: z.literal('followUp'), notes: Text(2000), nextDate: IsoDate.optional() }),
    z.object({
      outcome: z.literal('visit'),
      visitDate: IsoDate,
      notes: Text(2000),
      fundsInPlace: noFunds,
    }),
  ],
  { error: msg('outcome.invalid') },
);
export type TaskReport = z.infer<typeof TaskReport>;
