import middy from '@middy/core';
import httpContentEncoding from '@middy/http-content-encoding';
import httpContentNegotiation from '@middy/http-content-negotiation';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler from '@middy/http-router';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { Deps } from '#shared/deps.ts';
import { calendarApi } from './api/calendar.ts';
import { createEnterprise, readEnterprise } from './api/enterprises.ts';
import {
  approvalsRouting,
  needClocksApi,
  needsFigures,
  needsRouting,
  setApprovalsRouting,
  setNeedClocksApi,
  setNeedsRouting,
} from './api/figures.ts';
import { assessLeadApi, createLead, leadFiguresApi, listLeadsApi, signProjectApi } from './api/leads.ts';
import { openApi } from './api/openapi.ts';
import { scoreboardFigures } from './api/scoreboard.ts';
import { board, issueToken, listTokensApi, me, revokeTokenApi, setStaffContactApi } from './api/staff.ts';
import { appContext } from './lib/app-context.ts';
import { errorPage } from './lib/error-page.ts';
import { HttpError } from './lib/errors.ts';
import type { route } from './lib/route.ts';
import type { AppContext, HttpEvent, HttpResult } from './lib/types.ts';
import { calendarPage, calendarSave } from './pages/calendar.ts';
import { consoleBoard, consoleBoardExport } from './pages/console.ts';
import {
  enterpriseAction,
  enterprisePage,
  enterpriseProfile,
  needOnBehalf,
  newEnterpriseForm,
  registerEnterpriseForm,
} from './pages/enterprises.ts';
import {
  fundsDecide,
  fundsEvidence,
  fundsNewForm,
  fundsPending,
  fundsReportView,
  fundsSubmit,
} from './pages/funds.ts';
import { portalFundsPage, portalFundsSubmit } from './pages/funds-portal.ts';
import { home, stylesheet } from './pages/home.ts';
import {
  assessLeadForm,
  leadFiguresPage,
  leadPage,
  leadsPage,
  newLeadForm,
  registerLeadForm,
  signingForm,
} from './pages/leads.ts';
import {
  ledgerConfirm,
  ledgerExport,
  ledgerPage,
  ledgerProgress,
  ledgerTemplateDownload,
  ledgerUpload,
} from './pages/ledger.ts';
import { needAction, needPage, ratePage, rateSubmit } from './pages/need.ts';
import { needClocksPage, needClocksSave } from './pages/need-clocks.ts';
import { pipelineExport, pipelinePage } from './pages/pipeline.ts';
import { attachmentDownload, portalPage, portalSubmit } from './pages/portal.ts';
import { consoleRevisits } from './pages/revisits.ts';
import {
  scoreboardExport,
  scoreboardPage,
  scoreboardTargets,
  scoreboardUsdRate,
} from './pages/scoreboard.ts';
import {
  settingsApprovalRouting,
  settingsNeedRouting,
  settingsOfficeHours,
  settingsPage,
} from './pages/settings.ts';
import { shortLinkRedirect } from './pages/short-link.ts';
import { signInComplete, signInConfirm, signInForm, signInRequest, signOutRoute } from './pages/signin.ts';
import {
  addDepartment,
  addPerson,
  myAway,
  myDigest,
  myLocale,
  myPage,
  staffContact,
  staffHandOver,
  staffPage,
} from './pages/staff.ts';
import { taskPage, taskReport } from './pages/task.ts';
import { taskMoveDecide, taskMovePage } from './pages/task-move.ts';
import {
  integrationCreate,
  integrationTokenIssue,
  integrationTokenRevoke,
  tokenIssue,
  tokenRevoke,
  tokensPage,
} from './pages/tokens.ts';

export type Route = ReturnType<typeof route>;
type Middleware = middy.MiddlewareObj<HttpEvent, HttpResult, Error, AppContext>;

/** Every HTTP route of the app; the AWS handler and the local server serve exactly these. */
export const routes: Route[] = [
  home,
  stylesheet,
  signInForm,
  signInRequest,
  signInConfirm,
  signInComplete,
  signOutRoute,
  consoleBoard,
  consoleBoardExport,
  consoleRevisits,
  // Funds in place reports (到位资金报送): the fixed paths before /console/funds/{enterpriseId}/{reportId}.
  fundsNewForm,
  fundsPending,
  fundsSubmit,
  fundsReportView,
  fundsDecide,
  fundsEvidence,
  portalFundsPage,
  portalFundsSubmit,
  pipelinePage,
  pipelineExport,
  scoreboardPage,
  scoreboardExport,
  scoreboardTargets,
  scoreboardUsdRate,
  settingsPage,
  settingsNeedRouting,
  settingsApprovalRouting,
  calendarPage,
  calendarSave,
  settingsOfficeHours,
  ledgerPage,
  ledgerTemplateDownload,
  ledgerExport,
  ledgerUpload,
  ledgerConfirm,
  ledgerProgress,
  staffPage,
  staffHandOver,
  addPerson,
  staffContact,
  addDepartment,
  myPage,
  myAway,
  myDigest,
  myLocale,
  tokensPage,
  tokenIssue,
  tokenRevoke,
  integrationCreate,
  integrationTokenIssue,
  integrationTokenRevoke,
  newEnterpriseForm,
  registerEnterpriseForm,
  enterprisePage,
  // Leads (全民招商): the fixed paths before /console/leads/{id}; signing before the generic /{action} route.
  leadsPage,
  newLeadForm,
  registerLeadForm,
  leadFiguresPage,
  leadPage,
  assessLeadForm,
  signingForm,
  // Before the generic /{action} route, which would otherwise match it.
  needOnBehalf,
  enterpriseProfile,
  enterpriseAction,
  taskPage,
  taskReport,
  taskMovePage,
  taskMoveDecide,
  portalPage,
  portalSubmit,
  attachmentDownload,
  needPage,
  needAction,
  ratePage,
  rateSubmit,
  shortLinkRedirect,
  openApi,
  calendarApi,
  me,
  board,
  createEnterprise,
  readEnterprise,
  createLead,
  listLeadsApi,
  assessLeadApi,
  signProjectApi,
  leadFiguresApi,
  issueToken,
  listTokensApi,
  revokeTokenApi,
  setStaffContactApi,
  needsFigures,
  scoreboardFigures,
  needsRouting,
  approvalsRouting,
  setApprovalsRouting,
  setNeedsRouting,
  needClocksPage,
  needClocksSave,
  needClocksApi,
  setNeedClocksApi,
];

/** Security headers on every response: CSP (no inline script or style), no framing, nosniff, no referrer leak. */
const securityHeaders = httpSecurityHeaders({
  contentSecurityPolicy: {
    'default-src': "'self'",
    'img-src': "'self' data:",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
    'base-uri': "'none'",
    'object-src': "'none'",
    sandbox: false as unknown as string,
    'report-to': false as unknown as string,
    'upgrade-insecure-requests': false as unknown as string,
  },
  referrerPolicy: { policy: 'same-origin' },
});

/**
 * Pages and JSON gzipped for browsers that accept it (nearly all): a console page of 4–23 KB goes out as 2–5 KB,
 * and data out of AWS is billed by the byte. Only the encoding is negotiated; files already compressed (xlsx, images)
 * are sent as they are, since the middleware leaves base64 bodies alone.
 */
const negotiateEncoding = httpContentNegotiation({
  parseCharsets: false,
  parseLanguages: false,
  parseMediaTypes: false,
  availableEncodings: ['gzip'],
  failOnMismatch: false,
}) as unknown as Middleware;
const compress = httpContentEncoding({ gzip: {} }) as unknown as Middleware;

/** The HTTP Lambda: a router of thin route handlers behind the middleware every request needs. */
export function createHttpHandler(getDeps: () => Promise<Deps>, extraRoutes: Route[] = []) {
  const router = httpRouterHandler<HttpEvent, HttpResult>({
    routes: [...extraRoutes, ...routes],
    notFoundResponse: () => {
      throw new HttpError(404, 'error.notFound');
    },
  });
  return (
    middy<HttpEvent, HttpResult, Error, AppContext>()
      // First, so that its `after` runs last: it compresses the response the others have finished.
      .use(compress)
      .use(securityHeaders as Middleware)
      .use(httpHeaderNormalizer() as Middleware)
      .use(negotiateEncoding)
      .use(appContext(getDeps))
      .use(errorPage())
      .handler(router as never)
  );
}
