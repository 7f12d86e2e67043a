import { ConflictError, NotFoundError, NotHolderError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import { InputError, parseInput } from '../domain/input-error.ts';
import {
  AnswerPart,
  AskPart,
  type NeedPart,
  openParts,
  partRefusal,
  WithdrawPart,
  withPartStatus,
} from '../domain/need-part.ts';
import { departmentNameIn, type Staff } from '../domain/organisation.ts';
import type { Need } from '../domain/work-item.ts';
import { logger } from '../log/logger.ts';
import { sendToStaff } from '../mail/office-hours.ts';
import { recipientOf } from '../notify/channel.ts';
import { actingFor, actingHeads, actsForHolder } from '../organisation/substitute.ts';
import { auditItem, newAudit } from '../store/audit.ts';
import { newPartItem, partChange, partsOf } from '../store/need-parts.ts';
import { listDepartments, listStaff } from '../store/organisation.ts';
import { addToFigures } from '../store/stats.ts';
import { transact } from '../store/write.ts';
import { type ActDeps, type Acting, type ActResult, act, HOLDER, type NeedIds, WITH_OWNER } from './act.ts';
import { needHandleLink } from './links.ts';
import { type PartMailKind, partMail } from './parts-mail.tsx';

/** Where a part may still be answered: while the need is with its lead (any other status has ended its parts). */
const PART_OPEN_IN: Need['status'][] = WITH_OWNER;

/**
 * The lead (the need's owner, 首接负责) asks another department for its part (协办): what it should do, by when (no
 * later than the lead's own committed date). The department's head — their substitute while away — answers for it;
 * they are told at once, and the part is on their department's board with its own clock.
 */
export async function askPart(deps: ActDeps, ids: NeedIds, input: unknown, by: Acting): Promise<ActResult> {
  const ask = parseInput(AskPart, input);
  const [departments, staff] = await Promise.all([listDepartments(deps.db), listStaff(deps.db)]);
  if (!departments.some((d) => d.id === ask.departmentId))
    throw InputError.field('departmentId', 'department.unknown');
  const today = deps.calendar.localDate(deps.clock.now());
  const head = actingHeads(staff, ask.departmentId, today).find((h) => h.id !== by.actor.id);
  let asked: NeedPart | undefined;
  const result = await act(
    deps,
    ids,
    by,
    ['signedFor', 'committed'],
    (need, now) => {
      const refused = partRefusal(need, ask, deps.calendar.localDate(now));
      if (refused) throw InputError.field(refused.path, refused.message);
      if (!head) throw InputError.field('departmentId', 'part.noHead');
      const part: NeedPart = {
        id: newId(now.getTime()),
        needId: need.id,
        needRef: need.ref,
        needTitle: need.title,
        enterpriseId: need.enterpriseId,
        enterpriseName: need.enterpriseName,
        industryChain: need.industryChain,
        stage: need.stage,
        departmentId: ask.departmentId,
        ownerId: head.id,
        part: ask.part,
        dueDate: ask.dueDate,
        dueAt: deps.calendar.closeOfBusiness(deps.calendar.onOrAfter(ask.dueDate)).toISOString(),
        status: 'open',
        askedBy: (by.actor.kind === 'staff' && by.actor.id) || need.ownerId || head.id,
        askedAt: now.toISOString(),
        notified: [],
        version: 1,
      };
      asked = part;
      return {
        next: {
          ...need,
          parts: [...(need.parts ?? []), { id: part.id, departmentId: part.departmentId, status: 'open' }],
        },
        action: 'need.partAsked',
        details: {
          partId: part.id,
          departmentId: part.departmentId,
          ownerId: head.id,
          dueDate: ask.dueDate,
        },
        also: [newPartItem(deps.db, part)],
      };
    },
    HOLDER,
  );
  if (result.kind === 'done' && asked && head) await tellAbout(deps, 'asked', asked, [head]);
  return result;
}

/**
 * The assisting department answers its part (its owner, or their substitute today): the part is done, off its
 * board, counted on time or late against its own due date, and the lead is told with the answer.
 */
export async function answerPart(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { partId, partAnswer } = parseInput(AnswerPart, input);
  const part = await findPart(deps, ids, partId);
  if (by.actor.kind === 'staff' && !(await actsForHolder(deps, part.ownerId, by.actor.id)))
    throw new NotHolderError('need', ids.needId, part.ownerId);
  let answered: NeedPart | undefined;
  const result = await act(deps, ids, by, part.status === 'open' ? PART_OPEN_IN : [], (need, now) => {
    if (!openParts(need).some((p) => p.id === partId)) throw InputError.field('partAnswer', 'part.notOpen');
    answered = {
      ...part,
      status: 'answered',
      answer: partAnswer,
      answeredBy: by.actor.kind === 'staff' ? by.actor.id : part.ownerId,
      answeredAt: now.toISOString(),
      onTime: now.toISOString() <= part.dueAt,
    };
    return {
      next: { ...need, parts: withPartStatus(need, partId, 'answered') },
      action: 'need.partAnswered',
      details: { partId, departmentId: part.departmentId, onTime: answered.onTime },
      also: [
        partChange(deps.db, part, answered),
        // The assisting department's figures (协办按期率), and the person who answered.
        ...addToFigures(
          deps.db,
          { departmentId: part.departmentId, staffId: answered.answeredBy ?? part.ownerId },
          { partsAnswered: 1, partsAnsweredOnTime: answered.onTime ? 1 : 0 },
        ),
      ],
    };
  });
  if (result.kind === 'done' && answered) {
    const staff = await listStaff(deps.db);
    const lead = actingFor(staff, result.need.ownerId, deps.calendar.localDate(deps.clock.now()));
    if (lead) await tellAbout(deps, 'answered', answered, [lead]);
  }
  return result;
}

/** The lead no longer needs a part (asked of the wrong department, or settled otherwise): it ends, its owner told. */
export async function withdrawPart(
  deps: ActDeps,
  ids: NeedIds,
  input: unknown,
  by: Acting,
): Promise<ActResult> {
  const { partId } = parseInput(WithdrawPart, input);
  const part = await findPart(deps, ids, partId);
  const result = await act(
    deps,
    ids,
    by,
    part.status === 'open' ? PART_OPEN_IN : [],
    (need) => {
      if (!openParts(need).some((p) => p.id === partId)) throw InputError.field('partId', 'part.notOpen');
      return {
        next: { ...need, parts: withPartStatus(need, partId, 'cancelled') },
        action: 'need.partWithdrawn',
        details: { partId, departmentId: part.departmentId },
        also: [partChange(deps.db, part, { ...part, status: 'cancelled', cancelReason: 'withdrawn' })],
      };
    },
    HOLDER,
  );
  if (result.kind === 'done') {
    const staff = await listStaff(deps.db);
    const owner = actingFor(staff, part.ownerId, deps.calendar.localDate(deps.clock.now()));
    if (owner) await tellAbout(deps, 'withdrawn', part, [owner]);
  }
  return result;
}

async function findPart(deps: ActDeps, ids: NeedIds, partId: string): Promise<NeedPart> {
  const part = (await partsOf(deps.db, ids.enterpriseId, ids.needId)).find((p) => p.id === partId);
  if (!part) throw new NotFoundError('need', partId);
  return part;
}

/**
 * Tell people about a part, each in their language with their own link (the department's name read once for all);
 * stored changes never fail for a mail (queued or logged).
 */
export async function tellAbout(
  deps: ActDeps,
  kind: PartMailKind,
  part: NeedPart,
  people: Staff[],
  days?: number,
): Promise<void> {
  if (!people.length) return;
  const department = (await listDepartments(deps.db)).find((d) => d.id === part.departmentId);
  for (const person of people) {
    const mail = partMail({
      kind,
      locale: person.locale,
      to: [recipientOf(person)],
      name: person.name,
      part,
      enterpriseName: part.enterpriseName,
      department: department ? departmentNameIn(person.locale, department) : '',
      days,
      url: needHandleLink(deps, { enterpriseId: part.enterpriseId, id: part.needId }, person.id),
    });
    await sendToStaff(deps, mail).catch((error: unknown) =>
      logger.error('part mail not sent', { partId: part.id, kind, error: (error as Error).name }),
    );
  }
}

/**
 * A part's owner leaves or hands their work over: the part moves to the new person if they are of the part's
 * department, else to that department's acting head (never outside the department it was asked of), who gets its
 * link; false if it was answered or ended meanwhile, or nobody in the department can take it.
 */
export async function handOverPart(deps: ActDeps, part: NeedPart, to: Staff, by: Acting): Promise<boolean> {
  const today = deps.calendar.localDate(deps.clock.now());
  const taker =
    to.departmentId === part.departmentId
      ? to
      : actingHeads(await listStaff(deps.db), part.departmentId, today).find((h) => h.id !== part.ownerId);
  if (!taker) return false;
  return movePartTo(deps, part, taker, by);
}

async function movePartTo(deps: ActDeps, part: NeedPart, to: Staff, by: Acting): Promise<boolean> {
  // What was sent recorded: the new owner gets the part's link now, and no escalation goes out twice.
  const moved = { ...part, ownerId: to.id };
  try {
    await transact(deps.db, [
      partChange(deps.db, part, moved),
      auditItem(
        deps.db,
        newAudit(deps.clock.now(), {
          ...by,
          action: 'need.partHandedOver',
          enterpriseId: part.enterpriseId,
          subject: { kind: 'need', id: part.needId },
          details: { partId: part.id, from: part.ownerId, to: to.id },
        }),
      ),
    ]);
  } catch (error) {
    if (error instanceof ConflictError) return false;
    throw error;
  }
  await tellAbout(deps, 'asked', moved, [to]);
  return true;
}
