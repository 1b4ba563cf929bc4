import { isIP } from 'node:net';

/**
 * Where webhooks may go. `public` (the default) refuses loopback, private, link-local and other
 * non-public addresses, both for a URL's literal address and for every address its host name
 * resolves to when sending, so a name cannot be pointed inward later. `any` allows them (a
 * receiver on the same host or network, and the tests).
 */
export type WebhookTargetPolicy = 'public' | 'any';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

/** Why a URL cannot be an endpoint, in words for the 400; null when it can. */
export function webhookUrlProblem(text: string, policy: WebhookTargetPolicy): string | null {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return `${MAX_WEBHOOK_URL_LENGTH}자 이하의 http:// 또는 https:// URL`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'http:// 또는 https://로 시작하는 절대 URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'http:// 또는 https://로 시작하는 절대 URL';
  if (url.username || url.password) return '사용자 이름이나 비밀번호가 없는 URL (서명으로 인증합니다)';
  if (url.hash) return '# 조각이 없는 URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (policy === 'public' && (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && !isPublicAddress(host)))) {
    return '공개 주소의 URL (사설, 루프백, 링크 로컬 주소는 JUMUN_WEBHOOK_TARGETS=any일 때만)';
  }
  return null;
}

function ipv4Parts(address: string): number[] {
  return address.split('.').map(Number);
}

function isPublicIpv4(address: string): boolean {
  const [a = 0, b = 0, c = 0] = ipv4Parts(address);
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false; // this network, private, loopback, multicast and reserved
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 169 && b === 254) return false; // link-local (cloud metadata services live here)
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false; // IETF protocol assignments, documentation
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false; // documentation
  if (a === 203 && b === 0 && c === 113) return false; // documentation
  return true;
}

/** Expands an IPv6 address to its eight 16-bit groups. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0]!;
  const embedded = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (embedded) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Parts(embedded[1]!);
    text = text.slice(0, -embedded[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups].map((g) => Number.parseInt(g, 16));
}

function isPublicIpv6(address: string): boolean {
  const groups = ipv6Groups(address);
  const [first = 0] = groups;
  if (groups.every((g) => g === 0)) return false; // ::
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return false; // ::1
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    // IPv4-mapped: judged as the IPv4 address it carries.
    const [, , , , , , high = 0, low = 0] = groups;
    return isPublicIpv4(`${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`);
  }
  if ((first & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((first & 0xff00) === 0xff00) return false; // multicast
  if (first === 0x2001 && groups[1] === 0x0db8) return false; // documentation
  if (first === 0x0064 && groups[1] === 0xff9b) return false; // NAT64, may reach IPv4 private space
  return true;
}

/** True for an address on the public internet; false for loopback, private, link-local, reserved. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return isPublicIpv4(address);
  if (family === 6) return isPublicIpv6(address);
  return false;
}
