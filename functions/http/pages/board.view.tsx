import type { ComponentChildren } from 'preact';
import { boardScopes } from '#shared/auth/permissions.ts';
import type { Board } from '#shared/board/board.ts';
import { dueLabel } from '#shared/calendar/due-label.ts';
import type { Stage } from '#shared/domain/stage.ts';
import type { Undeliverable } from '#shared/store/undeliverable.ts';
import type { ViewContext } from '../ui/context.ts';
import { Layout } from '../ui/layout.tsx';
import { shanghaiTime } from '../ui/parts.tsx';

export function BoardPage(props: {
  ctx: ViewContext;
  board: Board;
  filters: Record<string, string | undefined>;
  stages: readonly Stage[];
  /** The people whose items this reader may pick (heads: their department; managers: everyone). */
  people: { id: string; name: string }[];
  /** For managers: pick a department's board. */
  departments: { id: string; name: string }[];
  /** Mail not delivered yet though it is past due (the mail server is failing). */
  mailBacklog?: { count: number; since?: string };
  /** Managers: addresses SES reported undeliverable. */
  undeliverable?: Undeliverable[];
  /** Whose board it is, for its title: the department's name (scope 'department') or the person's ('officer'). */
  whose?: string;
  /** 本月到位: funds arrived this month in the board's scope (万元), from the monthly counters; shown only when given. */
  fundsArrivedThisMonth?: number;
  /**
   * The whole scope's overdue and due-soon counts as the sweep last kept them (every 15 minutes), and when; without
   * them (before the sweep's first run) the summary counts the rows of this page.
   */
  counts?: { overdue: number; dueSoon: number; at: string };
  /** A notice first on the page (the calendar's: next year's arrangement is missing). */
  banner?: ComponentChildren;
}) {
  const { ctx, board } = props;
  const { t } = ctx;
  const visibleScopes = boardScopes(ctx.can);
  const canRegister = ctx.can('enterprise.register');
  const canImport = ctx.can('ledger.import');
  const nextHref = board.next
    ? `/console?${new URLSearchParams({ ...clean(props.filters), scope: board.scope, cursor: board.next })}`
    : undefined;
  const title = boardTitle(ctx, board, props.whose);
  return (
    <Layout ctx={ctx} title={title}>
      {props.banner}
      <h1>{title}</h1>
      <BoardSummary
        ctx={ctx}
        board={board}
        fundsArrivedThisMonth={props.fundsArrivedThisMonth}
        // Filtered, the board lists less than its scope: then the counts are of the rows shown.
        counts={
          props.filters.stage || props.filters.kind || props.filters.industryChain ? undefined : props.counts
        }
      />
      {props.mailBacklog ? (
        <p class="notice error" role="alert" data-mail-backlog={props.mailBacklog.count}>
          {t('console.mailBacklog', {
            count: props.mailBacklog.count,
            since: props.mailBacklog.since ? shanghaiTime(props.mailBacklog.since) : '',
          })}
        </p>
      ) : null}
      {props.undeliverable?.length ? (
        <div class="notice error" role="alert" data-undeliverable={props.undeliverable.length}>
          <p>{t('console.undeliverable')}</p>
          <ul>
            {props.undeliverable.map((u) => (
              <li>
                {u.email} —{' '}
                {u.reason === 'channel'
                  ? t('console.undeliverable.channel', { channel: t(`channel.${u.channel ?? 'email'}`) })
                  : t(
                      u.reason === 'bounce'
                        ? 'console.undeliverable.bounce'
                        : 'console.undeliverable.complaint',
                    )}
                {` (${shanghaiTime(u.at)})`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {canRegister || canImport ? (
        <p>
          {canRegister ? (
            <a class="button" href="/console/enterprises/new">
              {t('nav.register')}
            </a>
          ) : null}{' '}
          {canImport ? (
            <a class="button" href="/console/import">
              {t('nav.import')}
            </a>
          ) : null}
        </p>
      ) : null}
      <form method="get" action="/console" class="filters card">
        {/* Each control with its own label above it, one flex item per pair. */}
        <div>
          <label for="f-scope">{t('console.filter.scope')}</label>
          <select id="f-scope" name="scope">
            {visibleScopes.map((s) => (
              <option value={s} selected={s === board.scope}>
                {t(`console.scope.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {props.departments.length ? (
          <div>
            <label for="f-department">{t('console.filter.department')}</label>
            <select id="f-department" name="department">
              <option value="">{t('console.filter.all')}</option>
              {props.departments.map((d) => (
                <option value={d.id} selected={d.id === props.filters.department}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {props.people.length ? (
          <div>
            <label for="f-officer">{t('console.filter.officer')}</label>
            <select id="f-officer" name="officer">
              <option value="">{t('console.filter.all')}</option>
              {props.people.map((p) => (
                <option value={p.id} selected={p.id === board.officerId && board.scope === 'officer'}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div>
          <label for="f-stage">{t('board.stage')}</label>
          <select id="f-stage" name="stage">
            <option value="">{t('console.filter.all')}</option>
            {props.stages.map((s) => (
              <option value={s} selected={s === props.filters.stage}>
                {t(`stage.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-kind">{t('board.kind')}</label>
          <select id="f-kind" name="kind">
            <option value="">{t('console.filter.all')}</option>
            <option value="task" selected={props.filters.kind === 'task'}>
              {t('board.kind.task')}
            </option>
            <option value="need" selected={props.filters.kind === 'need'}>
              {t('board.kind.need')}
            </option>
          </select>
        </div>
        <div>
          <label for="f-industryChain">{t('board.industry')}</label>
          <input id="f-industryChain" name="industryChain" value={props.filters.industryChain ?? ''} />
        </div>
        <button type="submit">{t('console.filter')}</button>
        <a
          class="button"
          href={`/console/board.xlsx?${new URLSearchParams({ ...clean(props.filters), scope: board.scope })}`}
          download
        >
          {t('export.xlsx')}
        </a>
      </form>
      {board.rows.length === 0 ? (
        <p data-empty>{t('console.empty')}</p>
      ) : (
        <table class="responsive">
          <thead>
            <tr>
              <th>{t('board.light')}</th>
              <th>{t('board.due')}</th>
              <th>{t('board.item')}</th>
              <th>{t('board.enterprise')}</th>
              <th>{t('board.stage')}</th>
              <th>{t('board.owner')}</th>
              <th>{t('board.overdueDays')}</th>
            </tr>
          </thead>
          <tbody>
            {board.rows.map((r) => (
              <tr data-light={r.light} data-item={r.id} data-urgent={r.urgent ? 'true' : undefined}>
                <td>
                  <span class={`light ${r.light}`}>{t(`light.${r.light}`)}</span>
                </td>
                <td>
                  {/* An urgent need's hour-level due with its time; one at close of business as its date. */}
                  <time datetime={r.dueAt}>{dueLabel(r.dueAt)}</time>
                </td>
                <td>
                  {r.urgent ? (
                    <>
                      <strong class="badge urgent">{t('need.urgentBadge')}</strong>{' '}
                    </>
                  ) : null}
                  <a href={r.href}>
                    {r.title.key === 'need'
                      ? r.title.text
                      : t(r.title.key, {
                          milestone: r.title.milestone ? t(`milestone.${r.title.milestone}`) : '',
                          approval: r.title.approval ? t(`approval.${r.title.approval}`) : '',
                          title: r.title.text ?? '',
                        })}
                  </a>
                </td>
                <td>
                  <a href={`/console/enterprises/${r.enterpriseId}`}>{r.enterpriseName}</a>
                  <br />
                  <span class="muted">{r.industryChain}</span>
                </td>
                <td>{t(`stage.${r.stage}`)}</td>
                <td>{r.ownerName}</td>
                <td data-overdue-days={r.overdueWorkingDays}>{r.overdueWorkingDays || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextHref ? (
        <p>
          <a href={nextHref}>{t('console.next')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** What the board lists and whose it is: the zone's, a department's, one person's, or the reader's own. */
function boardTitle(ctx: ViewContext, board: Board, whose: string | undefined): string {
  const { t } = ctx;
  if (board.scope === 'zone') return t('console.board.zone');
  if (board.scope === 'mine') return t('console.board.mine');
  if (board.scope === 'officer') return t('console.board.officer', { name: whose ?? '—' });
  return t('console.board.department', { department: whose ?? t('console.scope.department') });
}

/**
 * The board's counts: overdue and due soon over its whole scope as the sweep last counted them (and as of when), or
 * else from the rows it read — with more pages, this page's, and it says so; and, when the caller has it from the
 * monthly counters, the funds arrived this month.
 */
function BoardSummary(props: {
  ctx: ViewContext;
  board: Board;
  fundsArrivedThisMonth?: number;
  counts?: { overdue: number; dueSoon: number; at: string };
}) {
  const { t, locale } = props.ctx;
  const { rows, next } = props.board;
  const overdue = props.counts?.overdue ?? rows.filter((r) => r.light === 'red').length;
  const dueSoon = props.counts?.dueSoon ?? rows.filter((r) => r.light === 'yellow').length;
  const note = props.counts
    ? t('console.summary.asOf', { time: shanghaiTime(props.counts.at) })
    : next
      ? t('console.summary.thisPage')
      : undefined;
  return (
    <p class="board-summary" data-summary>
      {t('console.summary.overdue')} <strong data-count="overdue">{overdue}</strong>
      {' · '}
      {t('console.summary.dueSoon')} <strong data-count="dueSoon">{dueSoon}</strong>
      {props.fundsArrivedThisMonth === undefined ? null : (
        <>
          {' · '}
          {t('console.summary.fundsThisMonth')}{' '}
          <strong data-count="fundsThisMonth">{props.fundsArrivedThisMonth.toLocaleString(locale)}</strong>{' '}
          {t('console.summary.wan')}
        </>
      )}
      {note ? (
        <span class="muted" data-counts={props.counts ? 'scope' : 'page'}>
          {note}
        </span>
      ) : null}
    </p>
  );
}

function clean(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => !!e[1]));
}
