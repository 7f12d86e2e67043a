import { createInflateRaw } from 'node:zlib';

/**
 * What an uploaded .xlsx may hold before exceljs is given it. exceljs inflates every part of the zip and keeps the
 * whole workbook in memory: a 565 KB file with 3 million rows took it 20–26 s and about 3 GB. So the zip is read
 * here first, by its central directory and then part by part through a streaming inflater, and refused as soon as
 * it is past a limit — without trusting what its headers declare.
 */
export interface XlsxLimits {
  /** Parts (files) in the zip. An .xlsx from Excel, WPS or exceljs has about a dozen. */
  maxEntries: number;
  /** All parts together, inflated (declared, and then counted while inflating). */
  maxUnzippedBytes: number;
  /** A part larger than `ratioFloorBytes` may not inflate to more than this many times its compressed size. */
  maxRatio: number;
  ratioFloorBytes: number;
  /** XML tags (start and end) in all parts together: what exceljs's work and memory grow with (cells, strings…). */
  maxTags: number;
  /** Rows holding a value (`<v>`, `<is>` or `<f>`) in any one part, the heading row included. */
  maxDataRows: number;
  /**
   * Columns in the first sheet's heading row (checked once exceljs has it): every data row is read against each
   * heading, so one heading cell far to the right (`XFD1`) would otherwise cost 16,384 cells a row.
   */
  maxColumns: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  maxEntries: 500,
  maxUnzippedBytes: 10 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxTags: 200_000,
  maxDataRows: 10_000,
  maxColumns: 256,
};

export type XlsxLimitReason =
  /** Not a zip archive at all. */
  | 'notZip'
  /** A zip, but one whose structure or sizes are inconsistent (headers that lie), or ZIP64, encryption… */
  | 'corrupt'
  | 'tooManyEntries'
  | 'unzippedTooLarge'
  | 'tooManyTags'
  | 'tooManyRows'
  | 'tooManyColumns';

/** An .xlsx refused before parsing; `inflatedBytes` is what reading it cost (for tests and logs). */
export class XlsxLimitError extends Error {
  override readonly name = 'XlsxLimitError';
  constructor(
    readonly reason: XlsxLimitReason,
    readonly inflatedBytes: number,
    detail = '',
  ) {
    super(`xlsx refused: ${reason}${detail ? ` (${detail})` : ''}`);
  }
}

export interface XlsxInspection {
  entries: number;
  inflatedBytes: number;
  tags: number;
  /** The most data rows found in one part. */
  dataRows: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_LOCATOR = 0x07064b50;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataStart: number;
}

/**
 * Check an .xlsx file against the limits; throws XlsxLimitError at the first one passed. Reads the zip as jszip
 * (exceljs's unzipper) does — the central directory's sizes, each part's data after its local header — but more
 * strictly: one disk, no ZIP64, no bytes before the first part or between the parts and the directory, every part
 * inside the file, stored or deflated, inflating to exactly the size declared.
 */
export async function inspectXlsx(bytes: Buffer, limits: XlsxLimits = XLSX_LIMITS): Promise<XlsxInspection> {
  const entries = centralDirectory(bytes, limits);
  const tally = new Tally(limits);
  for (const entry of entries) {
    const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    let size = 0;
    tally.startPart();
    try {
      for await (const chunk of inflated(data, entry.method)) {
        size += chunk.length;
        tally.inflatedBytes += chunk.length;
        // More than the part declared (and so, perhaps, than the budget the declarations were checked against).
        if (size > entry.size)
          throw tally.refuse('corrupt', `${entry.name} inflates past ${entry.size} bytes`);
        tally.scan(chunk);
      }
    } catch (error) {
      // A truncated or malformed deflate stream: zlib's own error.
      throw error instanceof XlsxLimitError ? error : tally.refuse('corrupt', (error as Error).message);
    }
    if (size !== entry.size) throw tally.refuse('corrupt', `${entry.name} inflates to ${size} bytes`);
  }
  return {
    entries: entries.length,
    inflatedBytes: tally.inflatedBytes,
    tags: tally.tags,
    dataRows: tally.maxDataRows,
  };
}

function centralDirectory(bytes: Buffer, limits: XlsxLimits): Entry[] {
  const refuse = (reason: XlsxLimitReason, detail?: string) => new XlsxLimitError(reason, 0, detail);
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== LOCAL) throw refuse('notZip');
  // The end record is the last one in the file, as jszip finds it (a comment may follow it, at most 64 KB).
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw refuse('corrupt', 'no end of central directory');
  if (end >= 20 && bytes.readUInt32LE(end - 20) === ZIP64_LOCATOR) throw refuse('corrupt', 'ZIP64');
  const disk = bytes.readUInt16LE(end + 4);
  const directoryDisk = bytes.readUInt16LE(end + 6);
  const onDisk = bytes.readUInt16LE(end + 8);
  const count = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (disk !== 0 || directoryDisk !== 0 || onDisk !== count) throw refuse('corrupt', 'several disks');
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    throw refuse('corrupt', 'ZIP64');
  }
  if (directoryOffset + directorySize !== end) throw refuse('corrupt', 'directory not before its end record');
  if (count > limits.maxEntries) throw refuse('tooManyEntries', `${count} parts`);

  const entries: Entry[] = [];
  let declared = 0;
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== CENTRAL) throw refuse('corrupt', 'central directory');
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const entryDisk = bytes.readUInt16LE(at + 34);
    const offset = bytes.readUInt32LE(at + 42);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > end) throw refuse('corrupt', 'central directory');
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    if (flags & 0x0001) throw refuse('corrupt', `${name} is encrypted`);
    if (method !== 0 && method !== 8) throw refuse('corrupt', `${name} uses method ${method}`);
    if (entryDisk !== 0 || [compressedSize, size, offset].includes(0xffffffff)) {
      throw refuse('corrupt', `${name}: ZIP64`);
    }
    if (method === 0 && compressedSize !== size) throw refuse('corrupt', `${name}: stored sizes differ`);
    declared += size;
    if (declared > limits.maxUnzippedBytes) {
      throw refuse('unzippedTooLarge', `${name}: ${size} bytes declared`);
    }
    if (size > limits.ratioFloorBytes && size > compressedSize * limits.maxRatio) {
      throw refuse('unzippedTooLarge', `${name}: ${size} bytes from ${compressedSize}`);
    }
    // The part's data follows its local header (whose own sizes, like jszip, we do not use).
    if (offset + 30 > directoryOffset || bytes.readUInt32LE(offset) !== LOCAL) {
      throw refuse('corrupt', `${name}: no local header`);
    }
    const dataStart = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
    if (dataStart + compressedSize > directoryOffset) throw refuse('corrupt', `${name}: outside the file`);
    entries.push({ name, method, compressedSize, size, dataStart });
    at = next;
  }
  if (at !== end) throw refuse('corrupt', 'central directory size');
  return entries;
}

/**
 * A part's inflated bytes, chunk by chunk. The inflater keeps to its stream's back-pressure, so it works only as far
 * as the chunks are taken: stopping the loop (a limit passed) stops the inflating.
 */
async function* inflated(data: Buffer, method: number): AsyncGenerator<Buffer> {
  const CHUNK = 16 * 1024;
  if (method === 0) {
    for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
    return;
  }
  const inflater = createInflateRaw({ chunkSize: CHUNK });
  inflater.end(data);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } finally {
    inflater.destroy();
  }
}

const LT = 0x3c; // <
const SLASH = 0x2f; // /
/** The bytes that end a tag name: space, tab, CR, LF, `/`, `>`. */
const NAME_END = new Set([0x20, 0x09, 0x0d, 0x0a, SLASH, 0x3e]);
const isNameStart = (b: number) =>
  (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x3a || b >= 0x80;

/**
 * Counts over the inflated XML without parsing it: tags (what exceljs's parser works through and builds objects
 * for), and rows that hold a value. A tag cut in two by a chunk boundary is finished with the next chunk. Text that only
 * looks like a tag (in a comment or CDATA) is counted too: the counts can be high, never low.
 */
class Tally {
  inflatedBytes = 0;
  tags = 0;
  maxDataRows = 0;
  private dataRows = 0;
  private inRow = false;
  private rowCounted = false;
  private carry: Buffer | undefined;

  constructor(private readonly limits: XlsxLimits) {}

  refuse(reason: XlsxLimitReason, detail?: string): XlsxLimitError {
    return new XlsxLimitError(reason, this.inflatedBytes, detail);
  }

  startPart(): void {
    this.dataRows = 0;
    this.inRow = false;
    this.rowCounted = false;
    this.carry = undefined;
  }

  scan(chunk: Buffer): void {
    const text = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    for (let i = text.indexOf(LT); i >= 0; i = text.indexOf(LT, i + 1)) {
      const closing = text[i + 1] === SLASH;
      const start = i + (closing ? 2 : 1);
      if (start >= text.length) {
        this.carry = Buffer.from(text.subarray(i));
        return;
      }
      if (!isNameStart(text[start]!)) continue; // <? <! or stray
      let stop = start;
      while (stop < text.length && stop - start < 64 && !NAME_END.has(text[stop]!)) stop++;
      if (stop === text.length) {
        this.carry = Buffer.from(text.subarray(i));
        return;
      }
      this.tag(localName(text, start, stop), closing);
    }
  }

  private tag(name: string, closing: boolean): void {
    if (++this.tags > this.limits.maxTags) throw this.refuse('tooManyTags');
    if (closing) {
      if (name === 'row') this.inRow = false;
      return;
    }
    if (name === 'row') {
      this.inRow = true;
      this.rowCounted = false;
    } else if (this.inRow && !this.rowCounted && (name === 'v' || name === 'is' || name === 'f')) {
      this.rowCounted = true;
      this.maxDataRows = Math.max(this.maxDataRows, ++this.dataRows);
      if (this.dataRows > this.limits.maxDataRows) throw this.refuse('tooManyRows');
    }
  }
}

/** `x:row` and `row` are the same element to us (some writers prefix the spreadsheet namespace). */
function localName(text: Buffer, start: number, stop: number): string {
  let from = stop;
  while (from > start && text[from - 1] !== 0x3a) from--;
  return stop - from <= 3 ? text.toString('latin1', from, stop) : '';
}
