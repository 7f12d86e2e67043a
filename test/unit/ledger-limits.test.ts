import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '#shared/domain/input-error.ts';
import { LEDGER_XLSX_LIMITS, previewLedger } from '#shared/ledger/import.ts';
import { readFirstSheet, toXlsx } from '#shared/spreadsheets/workbook.ts';

/**
 * Hostile .xlsx files built in memory: none of them may reach exceljs (which holds a whole workbook in memory: the
 * 565 KB file of issue 14 with 3 million rows took 20–26 s and about 3 GB). What a refusal costs is measured as the
 * bytes inflated before it (the error says), which does not depend on the machine.
 */

const MiB = 1024 * 1024;
/** The file as the ledger import reads it: limits first, then exceljs. */
const read = (bytes: Buffer) => readFirstSheet(bytes, LEDGER_XLSX_LIMITS);

interface ZipEntry {
  name: string;
  /** The bytes as stored (deflated unless `stored`). */
  data: Buffer;
  size: number;
  crc: number;
  stored?: boolean;
  /** What the central directory claims the inflated size is (a lie, when it differs from `size`). */
  declared?: number;
}

const deflated = (name: string, content: Buffer): ZipEntry => ({
  name,
  data: deflateRawSync(content, { level: 9 }),
  size: content.length,
  crc: crc32(content),
});

/** A zip archive written field by field, so that its headers can say what a test wants them to. */
function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.stored ? 0 : 8, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.stored ? 0 : 8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declared ?? e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** The smallest package exceljs reads: content types, relationships, a workbook and its sheet. */
function workbookParts(sheet: ZipEntry): ZipEntry[] {
  const text = (name: string, xml: string) => deflated(name, Buffer.from(xml));
  return [
    text(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    text(
      '_rels/.rels',
      `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    text(
      'xl/workbook.xml',
      `<workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    text(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    sheet,
  ];
}

const SHEET = 'xl/worksheets/sheet1.xml';
const sheetXml = (rows: Buffer | string) =>
  Buffer.concat([
    Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`),
    Buffer.isBuffer(rows) ? rows : Buffer.from(rows),
    Buffer.from('</sheetData></worksheet>'),
  ]);
const inlineRow = (r: number, text: string) =>
  `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${text}</t></is></c></row>`;

/** The file: 3 million rows (78 MB of sheet XML) in about 80 KB. */
function threeMillionRows(declared?: number): Buffer {
  const rows = Buffer.alloc(3_000_000 * 26, '<row><c><v>1</v></c></row>');
  const sheet = deflated(SHEET, sheetXml(rows));
  return zip(workbookParts({ ...sheet, declared }));
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the file was read instead of refused').toBeInstanceOf(Error);
  return error as Error & { reason?: string; inflatedBytes?: number };
}

/** A preview that must fail before anything is stored or looked up: no table, and a file store that records. */
function previewOnly(bytes: Buffer) {
  const stored: string[] = [];
  const deps = {
    files: { put: async (key: string) => void stored.push(key), get: async () => undefined },
  } as unknown as Parameters<typeof previewLedger>[0];
  const by = { actor: { kind: 'staff' as const, id: 'someone' }, channel: 'import' as const };
  return { stored, run: () => previewLedger(deps, { name: 'ledger.xlsx', bytes }, by) };
}

async function fieldMessage(bytes: Buffer) {
  const { stored, run } = previewOnly(bytes);
  const error = await refusal(run());
  expect(error).toBeInstanceOf(InputError);
  expect(stored).toEqual([]);
  return (error as InputError).fields.map((f) => `${f.path}:${f.message}`);
}

describe('a hand-built package', () => {
  it('is read like any .xlsx when it is within the limits (so the refusals below are the limits at work)', async () => {
    const bytes = zip(
      workbookParts(deflated(SHEET, sheetXml(inlineRow(1, '项目名称') + inlineRow(2, '甲公司')))),
    );
    const sheet = await read(bytes);
    expect(sheet.headers).toEqual(['项目名称']);
    expect(sheet.rows).toEqual([{ row: 2, values: { 项目名称: '甲公司' } }]);
  });
});

describe('ledger files past the limits are refused before they are parsed', () => {
  it('refuses a real spreadsheet with more than 5,000 data rows while counting them, and reads 5,000', async () => {
    const sheet = (n: number) =>
      toXlsx([
        {
          name: '台账',
          columns: [{ header: '项目名称' }],
          rows: Array.from({ length: n }, (_, i) => [`项目${i + 1}`]),
        },
      ]);
    const error = await refusal(read(await sheet(20_000)));
    expect(error.reason).toBe('tooManyRows');
    // Counting stopped at the 5,001st data row: a fraction of the sheet was inflated.
    expect(error.inflatedBytes).toBeLessThan(512 * 1024);
    expect(await fieldMessage(await sheet(20_000))).toEqual(['file:ledger.rowsTooMany']);
    expect((await read(await sheet(5000))).rows).toHaveLength(5000);
  });

  it('refuses the 3-million-row file of issue 14 by its declared size, inflating nothing', async () => {
    const bytes = threeMillionRows();
    expect(bytes.length).toBeLessThan(565 * 1024);
    const error = await refusal(read(bytes));
    expect(error.reason).toBe('unzippedTooLarge');
    expect(error.inflatedBytes).toBe(0);
    expect(await fieldMessage(bytes)).toEqual(['file:ledger.unzippedTooBig']);
  });

  it('refuses the same file when its directory lies about the size, stopping at the 5,001st row', async () => {
    const bytes = threeMillionRows(5 * MiB);
    const error = await refusal(read(bytes));
    expect(error.reason).toBe('tooManyRows');
    expect(error.inflatedBytes).toBeLessThan(256 * 1024);
    expect(await fieldMessage(bytes)).toEqual(['file:ledger.rowsTooMany']);
  });

  it('refuses a zip bomb (repeated bytes far past the cap): by its declared size, or once it inflates past what it declared', async () => {
    const content = sheetXml(Buffer.alloc(200 * MiB, ' '));
    const sheet = deflated(SHEET, content);
    expect(sheet.data.length).toBeLessThan(MiB);

    const honest = await refusal(read(zip(workbookParts(sheet))));
    expect(honest.reason).toBe('unzippedTooLarge');
    expect(honest.inflatedBytes).toBe(0);

    for (const declared of [1000, 9 * MiB]) {
      const lying = zip(workbookParts({ ...sheet, declared }));
      const error = await refusal(read(lying));
      expect(error.reason, `declared ${declared}`).toBe('corrupt');
      // Never more than it declared (and the budget), give or take one inflated chunk.
      expect(error.inflatedBytes).toBeLessThanOrEqual(declared + 64 * 1024);
      expect(await fieldMessage(lying)).toEqual(['file:ledger.notXlsx']);
    }
  });

  it('refuses parts that are small each but too large together, and a part that compresses suspiciously well', async () => {
    const part = (i: number, size = MiB) => deflated(`xl/media/image${i}.png`, Buffer.alloc(size, i));
    const many = Array.from({ length: 33 }, (_, i) => part(i));
    const together = zip([...workbookParts(deflated(SHEET, sheetXml(''))), ...many]);
    const total = await refusal(read(together));
    expect(total.reason).toBe('unzippedTooLarge');
    expect(total.inflatedBytes).toBe(0);
    expect(await fieldMessage(together)).toEqual(['file:ledger.unzippedTooBig']);

    // 3 MB of one byte repeated deflates about a thousandfold: no spreadsheet part does that.
    const ratio = zip([...workbookParts(deflated(SHEET, sheetXml(''))), part(1, 3 * MiB)]);
    const error = await refusal(read(ratio));
    expect(error.reason).toBe('unzippedTooLarge');
    expect(error.inflatedBytes).toBe(0);
  });

  it('refuses a package of thousands of parts', async () => {
    const many = Array.from({ length: 2000 }, (_, i) => deflated(`xl/x/${i}.xml`, Buffer.from('<a/>')));
    const bytes = zip([...workbookParts(deflated(SHEET, sheetXml(''))), ...many]);
    const error = await refusal(read(bytes));
    expect(error.reason).toBe('tooManyEntries');
    expect(error.inflatedBytes).toBe(0);
    expect(await fieldMessage(bytes)).toEqual(['file:ledger.unzippedTooBig']);
  });

  it('refuses a sheet of one row with 400,000 cells of 4 tags each (what exceljs would hold in memory)', async () => {
    const cells = Array.from({ length: 400_000 }, (_, i) => `<c r="A${i}"><v>${i % 10}</v></c>`).join('');
    const bytes = zip(workbookParts(deflated(SHEET, sheetXml(`<row r="1">${cells}</row>`))));
    const error = await refusal(read(bytes));
    expect(error.reason).toBe('tooManyTags');
    expect(bytes.length).toBeLessThan(2 * MiB);
    // Stopped at the 1,500,000th tag, near the end (the file is under 2 MB, as an upload must be).
    expect(error.inflatedBytes).toBeLessThan(cells.length * 0.95);
    expect(await fieldMessage(bytes)).toEqual(['file:ledger.tooManyCells']);
  });

  it('refuses what is not a zip, a truncated zip, and a zip whose entries point outside it', async () => {
    const good = zip(workbookParts(deflated(SHEET, sheetXml(inlineRow(1, 'a')))));
    const outside = Buffer.from(good);
    // The first central directory entry's local header offset, pointed past the end.
    const first = outside.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(first).toBeGreaterThan(0);
    outside.writeUInt32LE(0x7fffffff, first + 42);
    for (const bytes of [
      Buffer.from('name,investor\n甲,乙\n'),
      Buffer.from('PK\u0003\u0004 not really a zip'),
      good.subarray(0, good.length - 10),
      outside,
    ]) {
      const error = await refusal(read(bytes));
      expect(['notZip', 'corrupt']).toContain(error.reason);
      expect(await fieldMessage(bytes)).toEqual(['file:ledger.notXlsx']);
    }
  });

  it('refuses an upload over 2 MB without opening it', async () => {
    const bytes = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(2 * MiB)]);
    expect(await fieldMessage(bytes)).toEqual(['file:ledger.tooLarge']);
  });
});

describe('a heading row far wider than any ledger', () => {
  it('is refused once, instead of every data row being read against 16,384 headings', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('台账');
    sheet.getCell('A1').value = '项目名称';
    sheet.getCell('XFD1').value = '最右一列';
    for (let r = 2; r <= 301; r++) sheet.getCell(`A${r}`).value = `企业${r}`;
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    await expect(read(bytes)).rejects.toMatchObject({ name: 'XlsxLimitError', reason: 'tooManyColumns' });
    // A real ledger's heading row (the template's) is well within the limit.
    const ok = await toXlsx([
      { name: '台账', columns: [{ header: '项目名称' }, { header: '投资方' }], rows: [['甲', '乙']] },
    ]);
    expect((await read(ok)).headers).toEqual(['项目名称', '投资方']);
  });
});
