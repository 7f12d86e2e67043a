import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { newId } from '../domain/ids.ts';
import { fromZod, InputError, validate } from '../domain/input-error.ts';

/** Attachments a need may carry: PDF and images only, recognised by their bytes, not their name. */
export const MAX_ATTACHMENTS = 3;
export const MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
/**
 * All of a need's files together: the form reaches the HTTP function as one Lambda event of at most 6 MB, in which
 * files travel base64-encoded (a third larger), so 4 MB of files is what fits with the form around them.
 */
export const MAX_ATTACHMENTS_TOTAL_BYTES = 4 * 1024 * 1024;

const KINDS = [
  { type: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46] }, // %PDF
  { type: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
] as const;

/**
 * How an attachment is served: under a name we make (its id and the extension of the type its bytes were
 * recognised as), never the uploader's name or extension, with that type — or as opaque bytes if the type recorded
 * is not one we recognise.
 */
export function attachmentDownload(attachment: Pick<Attachment, 'id' | 'type'>): {
  fileName: string;
  contentType: string;
} {
  const kind = KINDS.find((k) => k.type === attachment.type);
  const id = /^[0-9A-Za-z]{1,64}$/.test(attachment.id) ? attachment.id : 'file';
  return kind
    ? { fileName: `attachment-${id}.${kind.extension}`, contentType: kind.type }
    : { fileName: `attachment-${id}.bin`, contentType: 'application/octet-stream' };
}

export const Attachment = z.object({
  id: z.string(),
  name: z.string().max(120),
  type: z.string(),
  size: z.number().int(),
});
export type Attachment = z.infer<typeof Attachment>;

export interface Upload {
  name: string;
  bytes: Buffer;
}

export const attachmentKey = (enterpriseId: string, needId: string, attachmentId: string) =>
  `needs/${enterpriseId}/${needId}/${attachmentId}`;

/**
 * A file name to show (never to serve under): without path separators, control or format characters (so no
 * right-to-left override can make `gnp.exe` read as `exe.png`), at most 120 characters.
 */
function safeName(name: string): string {
  const clean = [...name]
    .map((c) => (c === '/' || c === '\\' || /[\p{Cc}\p{Cf}]/u.test(c) ? '_' : c))
    .join('');
  return clean.slice(-120) || 'file';
}

/** Check uploads before anything is stored: how many, how large, and of which kind (by content). */
export function checkUploads(uploads: Upload[]): (Upload & { type: string })[] {
  const real = uploads.filter((u) => u.bytes.length > 0);
  if (real.length > MAX_ATTACHMENTS) throw InputError.field('attachments', 'attachments.tooMany');
  if (real.reduce((sum, u) => sum + u.bytes.length, 0) > MAX_ATTACHMENTS_TOTAL_BYTES) {
    throw InputError.field('attachments', 'attachments.tooLargeTotal');
  }
  return real.map((u) => {
    if (u.bytes.length > MAX_ATTACHMENT_BYTES) throw InputError.field('attachments', 'attachments.tooLarge');
    const kind = KINDS.find((k) => k.magic.every((b, i) => u.bytes[i] === b));
    if (!kind) throw InputError.field('attachments', 'attachments.type');
    return { ...u, type: kind.type, name: safeName(u.name) };
  });
}

/** Store checked uploads for a need-to-be; returns what the need records. */
export async function storeUploads(
  deps: Pick<Deps, 'files' | 'clock'>,
  enterpriseId: string,
  needId: string,
  uploads: (Upload & { type: string })[],
): Promise<Attachment[]> {
  const stored: Attachment[] = [];
  for (const u of uploads) {
    const id = newId(deps.clock.now().getTime());
    await deps.files.put(attachmentKey(enterpriseId, needId, id), u.bytes, u.type);
    stored.push({ id, name: u.name, type: u.type, size: u.bytes.length });
  }
  return stored;
}

/**
 * A form that comes with files, checked together: every problem of both, so the page shows them all at once and
 * nothing is stored while there is any. `parsed` is the form when it is valid.
 */
export function checkFormAndUploads<S extends z.ZodType>(
  schema: S,
  input: unknown,
  uploads: Upload[],
): {
  parsed: ReturnType<typeof validate<S>>;
  files: ReturnType<typeof checkUploads>;
  problems: InputError['fields'];
} {
  const problems: InputError['fields'] = [];
  const parsed = validate(schema, input);
  if (!parsed.success) problems.push(...fromZod(parsed.error).fields);
  let files: ReturnType<typeof checkUploads> = [];
  try {
    files = checkUploads(uploads);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.fields);
  }
  return { parsed, files, problems };
}
