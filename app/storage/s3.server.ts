/**
 * Attachments' bytes in S3-compatible object storage, over fetch with
 * Signature V4 (sigv4.ts) rather than an SDK. Path-style addressing
 * (`<endpoint>/<bucket>/<key>`), which every S3-compatible server accepts.
 */
import { signRequest, sha256Hex, type Credentials } from "./sigv4";
import { assertStorageKey, type AttachmentStorage, type StoredObject } from "./types";

export type S3Config = { endpoint: string; bucket: string; region?: string; accessKeyId: string; secretAccessKey: string; prefix?: string };

const EMPTY_HASH = sha256Hex(new Uint8Array());

function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => m[1].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
}

export function s3Storage(config: S3Config): AttachmentStorage {
  const base = config.endpoint.replace(/\/+$/, "");
  const prefix = config.prefix ?? "attachments/";
  const credentials: Credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, region: config.region ?? "us-east-1" };

  async function send(method: string, url: URL, body?: Uint8Array, extra: Record<string, string> = {}): Promise<Response> {
    const payloadHash = body ? sha256Hex(body) : EMPTY_HASH;
    const headers = signRequest({ method, url, headers: extra, payloadHash, now: new Date() }, credentials);
    const { host: _host, ...sent } = headers;
    return await fetch(url, { method, headers: sent, body: body as Uint8Array<ArrayBuffer> | undefined });
  }

  const objectUrl = (key: string) => {
    assertStorageKey(key);
    return new URL(`${base}/${encodeURIComponent(config.bucket)}/${prefix}${key}`);
  };

  async function fail(what: string, response: Response): Promise<never> {
    const text = (await response.text()).slice(0, 300);
    throw new Error(`S3 ${what} failed: ${response.status} ${text}`);
  }

  return {
    kind: "s3",
    transactional: false,
    async put(key, bytes) {
      const response = await send("PUT", objectUrl(key), bytes, { "content-type": "application/octet-stream" });
      if (!response.ok) await fail("PUT", response);
      await response.arrayBuffer();
    },
    async get(key) {
      const response = await send("GET", objectUrl(key));
      if (response.status === 404) {
        await response.arrayBuffer();
        return null;
      }
      if (!response.ok) await fail("GET", response);
      return new Uint8Array(await response.arrayBuffer());
    },
    async delete(key) {
      const response = await send("DELETE", objectUrl(key));
      if (!response.ok && response.status !== 404) await fail("DELETE", response);
      await response.arrayBuffer();
    },
    async list() {
      const objects: StoredObject[] = [];
      let token: string | null = null;
      do {
        const url = new URL(`${base}/${encodeURIComponent(config.bucket)}`);
        url.searchParams.set("list-type", "2");
        url.searchParams.set("prefix", prefix);
        if (token) url.searchParams.set("continuation-token", token);
        const response = await send("GET", url);
        if (!response.ok) await fail("LIST", response);
        const xml = await response.text();
        const keys = xmlValues(xml, "Key");
        const modified = xmlValues(xml, "LastModified");
        keys.forEach((k, i) => {
          const key = k.slice(prefix.length);
          if (k.startsWith(prefix) && /^[0-9a-f-]{36}$/.test(key)) objects.push({ key, modifiedAt: new Date(modified[i] ?? 0) });
        });
        token = xmlValues(xml, "IsTruncated")[0] === "true" ? (xmlValues(xml, "NextContinuationToken")[0] ?? null) : null;
      } while (token);
      return objects;
    },
  };
}
