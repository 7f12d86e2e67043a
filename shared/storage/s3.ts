import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { s3Client } from '../aws/clients.ts';
import { once } from '../lazy.ts';
import type { FileStore } from './files.ts';

/** AWS: a private, encrypted bucket. */
export function s3FileStore(bucket: string, given?: S3Client): FileStore {
  const client = once(async () => given ?? s3Client());
  return {
    async put(key, bytes, contentType) {
      await (await client()).send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }),
      );
    },
    async get(key) {
      try {
        const out = await (await client()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = Buffer.from(
          await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
        );
        return { bytes, contentType: out.ContentType ?? 'application/octet-stream' };
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
