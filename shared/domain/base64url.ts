/**
 * Decode base64url only as the server would have spelled it: Node's decoder skips characters outside the alphabet
 * (`!`, `=`, spaces) and ignores trailing bits, so many strings decode to the same bytes. Anything but the one
 * canonical spelling is undefined — for signatures and cursors alike, where a second spelling must not pass.
 */
export function decodeCanonicalBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
