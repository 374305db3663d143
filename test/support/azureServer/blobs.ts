// The test server's stand-in for a storage account's blobs, for the links
// Azure ML's errors give (a failed image build's log is a SAS link into the
// registry's build-task storage): a blob answers its text, or, as an account
// closed to public access does, 409 PublicAccessNotPermitted in Azure
// Storage's XML error shape (as azure-ai-ml users see it, Azure/azure-sdk-for-python#41536).
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** A blob: its text, or an account that refuses public access. */
export type TestBlob = { text: string } | { publicAccess: false };

/** Answers GET /blobs/<name> from `blobs`; 404 BlobNotFound for an unknown name. */
export function serveBlob(blobs: ReadonlyMap<string, TestBlob>, name: string, res: ServerResponse): void {
  const blob = blobs.get(name);
  const headers = { 'x-ms-request-id': randomUUID(), 'x-ms-version': '2021-08-06' };
  const error = (status: number, code: string, message: string) => {
    res.writeHead(status, { ...headers, 'Content-Type': 'application/xml', 'x-ms-error-code': code });
    res.end(`\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${headers['x-ms-request-id']}\nTime:${new Date().toISOString()}</Message></Error>`);
  };
  if (!blob) return error(404, 'BlobNotFound', 'The specified blob does not exist.');
  if ('publicAccess' in blob) return error(409, 'PublicAccessNotPermitted', 'Public access is not permitted on this storage account.');
  res.writeHead(200, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'x-ms-blob-type': 'BlockBlob' });
  res.end(blob.text);
}
