import { describe, expect, it } from 'vitest';
import { comparePhase, PHASES, phaseNamed } from '#shared/domain/lifecycle.ts';
import { MILESTONES, STAGES } from '#shared/domain/stage.ts';
import { approvalsPending, phaseOfEnterprise } from '#shared/lifecycle/phase.ts';

const at = (stage: (typeof STAGES)[number], extra: Record<string, unknown> = {}) =>
  phaseOfEnterprise({ stage, projectType: 'industrial', approvals: {}, ...extra }).name;

describe('the lifecycle’s phases', () => {
  it('cover every stage in order, a milestone phase working toward the next stage', () => {
    expect([...new Set(PHASES.map((p) => p.stage))]).toEqual([...STAGES]);
    for (const p of PHASES)
      if (p.kind === 'milestone') expect(STAGES.indexOf(p.milestone)).toBe(STAGES.indexOf(p.stage) + 1);
    expect(
      PHASES.filter((p) => p.kind === 'milestone').map((p) => p.kind === 'milestone' && p.milestone),
    ).toEqual([...MILESTONES]);
  });

  it('put a secured site in its approvals until all its type needs are granted, then construction', () => {
    expect(at('siteSecured')).toBe('Approvals');
    const granted = Object.fromEntries(
      ['projectFiling', 'planningPermit', 'constructionPermit', 'environmental'].map((a) => [
        a,
        { actual: '2026-10-01' },
      ]),
    );
    expect(at('siteSecured', { approvals: granted })).toBe('Approvals'); // 能评 is still due for an industrial project
    expect(at('siteSecured', { approvals: granted, projectType: 'rnd' })).toBe('SiteSecured');
    expect(approvalsPending({ projectType: 'industrial', approvals: granted })).toEqual(['energy']);
    // A construction task already open (tracked before approvals were kept): no approvals are opened beside it.
    expect(at('siteSecured', { openTaskId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' })).toBe('SiteSecured');
  });

  it('say whether the enterprise is past a phase, in it, or before it', () => {
    const here = phaseNamed('Registered')!;
    expect(comparePhase(phaseNamed('Signed')!, here)).toBe(1);
    expect(comparePhase(here, here)).toBe(0);
    expect(comparePhase(phaseNamed('Approvals')!, here)).toBe(-1);
    expect(at('negotiating')).toBe('Negotiating');
    expect(at('inStatistics')).toBe('Visits');
  });
});
