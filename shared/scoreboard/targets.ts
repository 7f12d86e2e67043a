import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '../domain/indicators.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import type { AnnualTarget, Department } from '../domain/organisation.ts';
import { Id, msg, Wan } from '../domain/primitives.ts';
import type { By } from '../organisation/create.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { departmentChange, listDepartments } from '../store/organisation.ts';
import { getSetting, saveSettings } from '../store/settings.ts';
import { transact } from '../store/write.ts';

const Year = z.coerce.number().int().min(2000).max(2100);

/** An empty field is no target for that indicator; a number is 万元, 万美元 (外资) or projects, by the indicator. */
const TargetValue = z.preprocess(
  // Plain decimal digits only: Number() would also read '0x10' as 16 and '1e3' as 1000.
  (v) =>
    v === '' || v === null ? undefined : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v,
  Wan.optional(),
);

export const SetTarget = z.object({
  departmentId: Id,
  year: Year,
  values: z
    .object(
      Object.fromEntries(INDICATOR_KEYS.map((k) => [k, TargetValue])) as Record<
        IndicatorKey,
        typeof TargetValue
      >,
    )
    .strict()
    .default({} as Record<IndicatorKey, undefined>),
});

/** A department's targets for a year (none set: an empty record). */
export function targetsOf(
  department: Pick<Department, 'targets'>,
  year: number,
): Partial<Record<IndicatorKey, number>> {
  return (department.targets.find((t) => t.year === year)?.values ?? {}) as Partial<
    Record<IndicatorKey, number>
  >;
}

/** Set (or replace) a department's annual targets for one year: a versioned write with its audit event. */
export async function setAnnualTarget(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: unknown,
  by: By,
): Promise<Department> {
  const fields = parseInput(SetTarget, input);
  const department = (await listDepartments(deps.db)).find((d) => d.id === fields.departmentId);
  if (!department) throw InputError.field('departmentId', 'department.unknown');
  const values = Object.fromEntries(
    Object.entries(fields.values).filter(([, v]) => v !== undefined),
  ) as Record<string, number>;
  const target: AnnualTarget = { year: fields.year, values };
  const targets = [...department.targets.filter((t) => t.year !== fields.year), target].sort(
    (a, b) => a.year - b.year,
  );
  const now = deps.clock.now();
  await transact(deps.db, [
    departmentChange(deps.db, department, { ...department, targets }),
    auditItem(
      deps.db,
      newAudit(now, {
        ...by,
        action: 'department.targetSet',
        subject: { kind: 'department', id: department.id },
        details: {
          target,
          previous: department.targets.find((t) => t.year === fields.year) ?? null,
        },
      }),
    ),
  ]);
  return { ...department, targets, version: department.version + 1 };
}

/** The rate 外资 is shown at: CNY per USD, e.g. 7.1 (two decimals at most, as the notices give it). */
export const UsdRate = z.coerce
  .number({ error: msg('usdRate.invalid') })
  .min(1, { error: 'usdRate.invalid' })
  .max(20, { error: 'usdRate.invalid' })
  .refine((v) => Math.round(v * 100) === v * 100, { error: 'usdRate.invalid' });

export const SetUsdRate = z.object({ year: Year, usdRate: UsdRate });

const rateSetting = (year: number) => `usdRate.${year}`;

export async function getUsdRate(deps: Pick<Deps, 'db'>, year: number): Promise<number | undefined> {
  return getSetting<number>(deps.db, rateSetting(year));
}

/** A manager sets the year's USD rate (外资 in 万美元 = 万元 ÷ rate), audited with the setting. */
export async function setUsdRate(deps: Pick<Deps, 'db' | 'clock'>, input: unknown, by: By): Promise<number> {
  const fields = parseInput(SetUsdRate, input);
  const previous = await getUsdRate(deps, fields.year);
  await saveSettings(
    deps.db,
    deps.clock.now(),
    { [rateSetting(fields.year)]: fields.usdRate },
    {
      ...by,
      action: 'settings.usdRateChanged',
      details: { year: fields.year, usdRate: fields.usdRate, previous: previous ?? null },
    },
  );
  return fields.usdRate;
}
