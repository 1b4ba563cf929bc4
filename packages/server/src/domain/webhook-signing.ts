import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** The header a delivery's signature travels in: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'jumun-signature';

/** A new endpoint signing secret: shown once, then only used to sign. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** HMAC-SHA256 under the endpoint's secret of `<timestamp>.<body>`, as the receiver recomputes it. */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * Secrets must be readable again to sign, so they are sealed (AES-256-GCM) under a key derived
 * from the server's hash key rather than hashed: a database dump alone does not reveal them.
 */
function sealingKey(hashKey: string): Buffer {
  return createHmac('sha256', hashKey).update('jumun webhook secrets v1').digest();
}

export function sealSecret(hashKey: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(hashKey), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${sealed.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

/** The secret, or null when it was sealed under another hash key (or altered). */
export function openSecret(hashKey: string, sealed: string): string | null {
  const [version, iv, data, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !data || !tag) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(hashKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
