import { h } from 'preact';
import { PipelinePage } from '#functions/http/pages/pipeline.view.tsx';
import { can } from '#shared/auth/permissions.ts';
import type { Staff } from '#shared/domain/organisation.ts';
import { loadPipeline, type PipelineScope, pipelineEnterprises } from '#shared/pipeline/pipeline.ts';
import { pipelineSheets } from '#shared/spreadsheets/exports.ts';
import { toXlsx, XLSX_TYPE } from '#shared/spreadsheets/workbook.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { download, html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import { sheetContext } from '../lib/sheet-context.ts';

/** A manager sees the zone's pipeline; a department head their department's (brought in or served by its people). */
function scopeOf(me: Staff, staff: Staff[]): PipelineScope {
  if (can(me, 'departments.any')) return { kind: 'zone' };
  const staffIds = staff.filter((s) => s.departmentId === me.departmentId).map((s) => s.id);
  return { kind: 'department', departmentId: me.departmentId, staffIds };
}

const namesOf = (staff: Staff[]) => new Map(staff.map((s) => [s.id, s.name]));

export const pipelinePage = route({
  method: 'GET',
  path: '/console/pipeline',
  access: 'pipeline.view',
  handler: async (event, context) => {
    const staff = await listStaff(context.deps.db);
    const scope = scopeOf(context.principal.staff, staff);
    const pipeline = await loadPipeline(context.deps, event.queryStringParameters ?? {}, scope);
    const today = context.deps.calendar.localDate(context.deps.clock.now());
    return html(h(PipelinePage, { ctx: context.view, pipeline, today, names: namesOf(staff) }));
  },
});

/** The pipeline as .xlsx: counts by stage, and every enterprise with planned and actual milestone dates. */
export const pipelineExport = route({
  method: 'GET',
  path: '/console/pipeline.xlsx',
  access: 'pipeline.view',
  handler: async (_event, context) => {
    const staff = await listStaff(context.deps.db);
    const scope = scopeOf(context.principal.staff, staff);
    const [pipeline, enterprises] = await Promise.all([
      loadPipeline(context.deps, {}, scope),
      pipelineEnterprises(context.deps, scope),
    ]);
    const bytes = await toXlsx(pipelineSheets(sheetContext(context), pipeline, enterprises, namesOf(staff)));
    const today = context.deps.calendar.localDate(context.deps.clock.now());
    return download(bytes, `pipeline-${today}.xlsx`, XLSX_TYPE);
  },
});
