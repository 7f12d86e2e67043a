import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCookies } from '#functions/http/lib/cookies.ts';
import { attachmentDownload } from '#shared/needs/attachments.ts';
import { BadCursorError, decodeCursor, encodeCursor } from '#shared/store/pagination.ts';

describe('cursors', () => {
  it('round-trips every key the table can hand back', () => {
    const key = { PK: 'ENT#1', SK: 'TASK#2', GSI1PK: 'ZONE', GSI1SK: '2026-12-01#x' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor(encodeCursor({ PK: 'a', SK: 'b' }))).toEqual({ PK: 'a', SK: 'b' });
  });

  it('refuses anything else as a BadCursorError, never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String(),
          fc.json().map((j) => Buffer.from(j).toString('base64url')),
        ),
        (s) => {
          try {
            const key = decodeCursor(s);
            expect(
              key === undefined || Object.keys(key).every((k) => /^(PK|SK|GSI[123](PK|SK))$/.test(k)),
            ).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(BadCursorError);
          }
        },
      ),
    );
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    for (const bad of [
      '%E0%A4%A',
      'a=',
      b64({ PK: 'a' }),
      b64({ PK: 'a', SK: 1 }),
      b64({ PK: 'a', SK: 'b', GSI1PK: 'c' }),
      b64({ PK: 'a', SK: 'b', GSI1PK: 'c', GSI2SK: 'd' }),
      b64({ PK: 'a', SK: 'b', extra: 'c' }),
      Buffer.from('{"__proto__":{"x":1},"PK":"a","SK":"b"}').toString('base64url'),
      b64({ PK: 'a', SK: 'x'.repeat(600) }),
      'A'.repeat(2001),
    ]) {
      expect(() => decodeCursor(bad), bad.slice(0, 30)).toThrow(BadCursorError);
    }
  });
});

describe('cookies', () => {
  it('treats an undecodable or oversized cookie as absent and keeps the others', () => {
    const jar = readCookies({
      cookies: ['a=%E0%A4%A', 'b=ok%20fine', `c=${'x'.repeat(2000)}`, '__proto__=x'],
    });
    expect(jar.a).toBeUndefined();
    expect(jar.b).toBe('ok fine');
    expect(jar.c).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('attachment downloads', () => {
  it('are named by id and detected type, never by the uploader', () => {
    expect(attachmentDownload({ id: '01ABC', type: 'application/pdf' })).toEqual({
      fileName: 'attachment-01ABC.pdf',
      contentType: 'application/pdf',
    });
    expect(attachmentDownload({ id: '../x', type: 'text/html' })).toEqual({
      fileName: 'attachment-file.bin',
      contentType: 'application/octet-stream',
    });
  });
});
