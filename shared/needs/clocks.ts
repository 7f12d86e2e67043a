import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { parseInput } from '../domain/input-error.ts';
import { NEED_NATURES } from '../domain/work-item.ts';
import type { By } from '../organisation/create.ts';
import { getSetting, saveSettings } from '../store/settings.ts';

/**
 * The needs clock table, by nature × urgency: first contact (urgent only) and sign-for in working hours (office
 * hours, seven a working day), resolution in working days, simple or complex.
 *
 * Defaults, and where they come from:
 * - Resolution by nature follows the provincial 12345 rules: Sichuan's 《四川省12345政务服务便民热线运行管理办法》
 *   (四川日报, 2026-01-26) gives 咨询 3, 求助/意见建议 7, 投诉举报 15 working days; Guangdong's 管理办法 2/10/15;
 *   国办发〔2020〕53号 asks for 即时转办、限时办理 by category of 诉求 without fixing numbers. Complex (疑难复杂)
 *   matters get the longer clock Zaozhuang's rules use (25 working days, as issue 16 cites them: 1/2/10/25).
 * - A normal need is signed for within one working day (7 working hours, to close of business the next working day:
 *   `hoursClock`), as it always was here (12345 platforms: 签收 within 1 working day).
 * - An urgent need: first contact (先行联系) within 1 working hour (Jiangmen contacts the requester within 60
 *   minutes), signed for within 2 working hours, resolved within 3 working days (7 if complex).
 * - The table's resolution value is a ceiling on the category's own clock (`RESOLUTION_WORKING_DAYS` in rules.ts):
 *   `help` and `complaint` default to 15, the longest category clock, so normal needs keep exactly today's clocks;
 *   a consultation is answered in 3 whatever its category; see `resolutionWorkingDays`.
 */
export const HOURS_PER_WORKING_DAY = 7;
export const MAX_FIRST_CONTACT_HOURS = 2 * HOURS_PER_WORKING_DAY;
export const MAX_SIGN_FOR_HOURS = 5 * HOURS_PER_WORKING_DAY;
export const MAX_RESOLUTION_DAYS = 60;

/** A whole number of hours or days: a JSON number, or digits typed into a form (nothing else is read as one). */
const whole = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v),
    z
      .number({ error: 'clocks.number' })
      .int({ error: 'clocks.number' })
      .min(1, { error: 'clocks.tooSmall' })
      .max(max, { error: 'clocks.tooLarge' }),
  );

const columns = {
  signForHours: whole(MAX_SIGN_FOR_HOURS),
  resolveSimpleDays: whole(MAX_RESOLUTION_DAYS),
  resolveComplexDays: whole(MAX_RESOLUTION_DAYS),
};

/** Each row's clocks follow one another: first contact ≤ sign-for ≤ resolution (simple) ≤ resolution (complex). */
function inOrder(r: ClockRow, ctx: z.RefinementCtx) {
  if (r.firstContactHours !== undefined && r.firstContactHours > r.signForHours)
    ctx.addIssue({ code: 'custom', path: ['firstContactHours'], message: 'clocks.firstContactAfterSignFor' });
  if (r.signForHours > r.resolveSimpleDays * HOURS_PER_WORKING_DAY)
    ctx.addIssue({ code: 'custom', path: ['signForHours'], message: 'clocks.signForAfterResolution' });
  if (r.resolveSimpleDays > r.resolveComplexDays)
    ctx.addIssue({ code: 'custom', path: ['resolveComplexDays'], message: 'clocks.complexShorter' });
}

/** A normal need has no first-contact clock; an urgent one must have one. */
const NormalRow = z.strictObject(columns).superRefine(inOrder);
const UrgentRow = z
  .strictObject({ firstContactHours: whole(MAX_FIRST_CONTACT_HOURS), ...columns })
  .superRefine(inOrder);
export interface ClockRow {
  firstContactHours?: number;
  signForHours: number;
  resolveSimpleDays: number;
  resolveComplexDays: number;
}

const NatureClocks = z.strictObject({ normal: NormalRow, urgent: UrgentRow });

/** Every nature, both urgencies, every column: a whole table replaces the old one, so nothing may be missing. */
export const NeedClocksInput = z.strictObject(
  Object.fromEntries(NEED_NATURES.map((n) => [n, NatureClocks])) as Record<
    (typeof NEED_NATURES)[number],
    typeof NatureClocks
  >,
);
export type NeedClocks = z.infer<typeof NeedClocksInput>;

const normal = (resolveSimpleDays: number, resolveComplexDays: number) => ({
  signForHours: HOURS_PER_WORKING_DAY,
  resolveSimpleDays,
  resolveComplexDays,
});
const urgent = (resolveSimpleDays: number, resolveComplexDays: number) => ({
  firstContactHours: 1,
  signForHours: 2,
  resolveSimpleDays,
  resolveComplexDays,
});

export const DEFAULT_CLOCKS: NeedClocks = {
  consult: { normal: normal(3, 7), urgent: urgent(1, 3) },
  help: { normal: normal(15, 25), urgent: urgent(3, 7) },
  complaint: { normal: normal(15, 25), urgent: urgent(3, 7) },
  suggestion: { normal: normal(7, 15), urgent: urgent(3, 7) },
};

export const NEED_CLOCKS_SETTING = 'needClocks';

/** The zone's clock table, or the defaults until a manager sets one (a stored table that no longer parses too). */
export async function getClocks(deps: Pick<Deps, 'db'>): Promise<NeedClocks> {
  const stored = NeedClocksInput.safeParse(await getSetting<unknown>(deps.db, NEED_CLOCKS_SETTING));
  return stored.success ? stored.data : DEFAULT_CLOCKS;
}

/** Managers set the whole table; bad input (a field error per cell) stores nothing. */
export async function setClocks(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: unknown,
  by: By,
): Promise<NeedClocks> {
  const table = parseInput(NeedClocksInput, input);
  await saveSettings(
    deps.db,
    deps.clock.now(),
    { [NEED_CLOCKS_SETTING]: table },
    { ...by, action: 'settings.clocksChanged', details: { table } },
  );
  return table;
}
