import { h } from 'preact';
import { PipelinePage } from '#functions/http/pages/pipeline.view.tsx';
import { loadPipeline, pipelineEnterprises } from '#shared/pipeline/pipeline.ts';
import { pipelineSheets } from '#shared/spreadsheets/exports.ts';
import { toXlsx, XLSX_TYPE } from '#shared/spreadsheets/workbook.ts';
import { listStaff } from '#shared/store/organisation.ts';
import { download, html } from '../lib/respond.ts';
import { route } from '../lib/route.ts';
import { sheetContext } from '../lib/sheet-context.ts';

export const pipelinePage = route({
  method: 'GET',
  path: '/console/pipeline',
  access: 'pipeline.view',
  handler: async (event, context) => {
    const [pipeline, staff] = await Promise.all([
      loadPipeline(context.deps, event.queryStringParameters ?? {}),
      listStaff(context.deps.db),
    ]);
    const today = context.deps.calendar.localDate(context.deps.clock.now());
    return html(
      h(PipelinePage, {
        ctx: context.view,
        pipeline,
        today,
        names: new Map(staff.map((s) => [s.id, s.name])),
      }),
    );
  },
});

/** The pipeline as .xlsx: counts by stage, and every enterprise with planned and actual milestone dates. */
export const pipelineExport = route({
  method: 'GET',
  path: '/console/pipeline.xlsx',
  access: 'pipeline.view',
  handler: async (_event, context) => {
    const [pipeline, enterprises, staff] = await Promise.all([
      loadPipeline(context.deps, {}),
      pipelineEnterprises(context.deps),
      listStaff(context.deps.db),
    ]);
    const names = new Map(staff.map((s) => [s.id, s.name]));
    const bytes = await toXlsx(pipelineSheets(sheetContext(context), pipeline, enterprises, names));
    const today = context.deps.calendar.localDate(context.deps.clock.now());
    return download(bytes, `pipeline-${today}.xlsx`, XLSX_TYPE);
  },
});
