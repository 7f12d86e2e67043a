/** Where attachments live: S3 on AWS, a folder on local disk in local mode. One interface for both. */
export interface FileStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
}
