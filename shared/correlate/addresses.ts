// Canonical text for IP addresses, URLs and domain names, so that one thing written several ways gets one key.

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Dotted-quad without leading zeros ('010.001.2.3' → '10.1.2.3'); undefined when not IPv4. One scan, and an address
 * already canonical (nearly all) comes back as is: this runs for every IP of every alert an import reads.
 */
export const canonicalIPv4 = (input: string): string | undefined => {
  const text = input.trim();
  const n = text.length;
  if (n < 7 || n > 15) return undefined;
  let parts = 0;
  let digits = 0;
  let value = 0;
  let canonical = true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (digits === 3) return undefined;
      if (digits === 1 && value === 0) canonical = false;
      value = value * 10 + c - 48;
      digits++;
    } else if (c === 46) {
      if (!digits || value > 255 || ++parts > 4) return undefined;
      digits = 0;
      value = 0;
    } else return undefined;
  }
  if (parts !== 4) return undefined;
  if (canonical) return text;
  const m = V4.exec(text);
  return m ? [m[1], m[2], m[3], m[4]].map((p) => Number(p)).join('.') : undefined;
};

/** The 8 16-bit groups of an IPv6 address (zone id dropped, IPv4 tail folded in); undefined when not IPv6. */
const ipv6Groups = (text: string): number[] | undefined => {
  let s = text.trim();
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  s = s.replace(/%[\w.-]{1,32}$/, '');
  if (!s.includes(':') || s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string, allowV4: boolean): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const g = parts[i] ?? '';
      if (allowV4 && i === parts.length - 1 && g.includes('.')) {
        const v4 = canonicalIPv4(g);
        if (!v4) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = parse(halves[0] ?? '', halves.length === 1);
  const tail = halves.length === 2 ? parse(halves[1] ?? '', true) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
};

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as '::'. */
export const canonicalIPv6 = (text: string): string | undefined => {
  const g = ipv6Groups(text);
  if (!g) return undefined;
  // IPv4-mapped (::ffff:a.b.c.d) names an IPv4 host: give it the IPv4 key.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    const a = g[6] ?? 0;
    const b = g[7] ?? 0;
    return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
  }
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((n) => n.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
};

/** Canonical IP text (v4 or v6, optional ':port' / '[v6]:port' dropped); undefined when not an address. */
export const canonicalIp = (text: string): string | undefined => {
  const t = text.trim();
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(t);
  if (v4port) return canonicalIPv4(v4port[1] ?? '');
  const v6port = /^\[([^\]]+)\]:\d{1,5}$/.exec(t);
  if (v6port) return canonicalIPv6(v6port[1] ?? '');
  return canonicalIPv4(t) ?? canonicalIPv6(t);
};

/**
 * Addresses that name no single machine across hosts: loopback, unspecified, broadcast, multicast, link-local.
 * Returns why, or undefined for an ordinary address.
 */
export const specialIpReason = (canonical: string): string | undefined => {
  const v4 = V4.exec(canonical);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    if (a === 127) return 'loopback address';
    if (canonical === '0.0.0.0') return 'unspecified address';
    if (canonical === '255.255.255.255' || v4[4] === '255') return 'broadcast address';
    if (a >= 224 && a <= 239) return 'multicast address';
    if (a === 169 && b === 254) return 'link-local address';
    return undefined;
  }
  if (canonical === '::1') return 'loopback address';
  if (canonical === '::') return 'unspecified address';
  if (/^ff[0-9a-f]{2}:/.test(canonical)) return 'multicast address';
  if (/^fe[89ab][0-9a-f]:/.test(canonical)) return 'link-local address';
  return undefined;
};

/** A lower-case hexadecimal digit's character code. */
export const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/**
 * Whether specialIpReason(text.slice(from)) names a reason, without copying the text or building a match array:
 * a full run asks it of every IP key. noise.test.ts checks both answer alike.
 */
export const isSpecialIpAt = (text: string, from: number): boolean => {
  const n = text.length;
  // IPv4 as V4 reads it: four groups of one to three ASCII digits separated by dots, and nothing else.
  let i = from;
  let a = 0;
  let b = 0;
  let v = 0;
  let len = 0;
  let zeros = 0;
  let v4 = true;
  for (let g = 0; g < 4 && v4; g++) {
    if (g > 0) {
      if (text.charCodeAt(i) !== 46) v4 = false;
      i++;
    }
    v = 0;
    len = 0;
    for (; i < n && len < 4; i++, len++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + c - 48;
    }
    if (len === 0 || len > 3) v4 = false;
    if (g === 0) a = v;
    if (g === 1) b = v;
    if (len === 1 && v === 0) zeros++;
  }
  if (v4 && i === n) return a === 127 || zeros === 4 || (len === 3 && v === 255) || (a >= 224 && a <= 239) || (a === 169 && b === 254);
  const rest = n - from;
  const c0 = text.charCodeAt(from);
  const c1 = text.charCodeAt(from + 1);
  if (c0 === 58 && c1 === 58 && (rest === 2 || (rest === 3 && text.charCodeAt(from + 2) === 49))) return true;
  if (rest < 5 || c0 !== 102 || text.charCodeAt(from + 4) !== 58) return false;
  const c2 = text.charCodeAt(from + 2);
  const c3 = text.charCodeAt(from + 3);
  if (c1 === 102) return isHex(c2) && isHex(c3);
  return c1 === 101 && (c2 === 56 || c2 === 57 || c2 === 97 || c2 === 98) && isHex(c3);
};

/** Lower case, no trailing dot, refanged ('evil[.]com'); undefined when empty or not name-like. */
export const canonicalDomain = (text: string): string | undefined => {
  const d = text.trim().replace(/\[\.\]|\(\.\)/g, '.').replace(/\.+$/, '').toLowerCase();
  if (!d || d.length > 253 || /[\s/\\@]/.test(d)) return undefined;
  return d;
};

const DEFAULT_PORT: Readonly<Record<string, string>> = { http: '80', https: '443', ftp: '21' };

/**
 * Canonical URL: refanged (hxxp, [.]), scheme and host lower case, default port and fragment dropped, '/' path
 * for a bare host. Path and query keep their case (servers treat them as case-sensitive). Also returns the host.
 */
export const canonicalUrl = (text: string): { url: string; host: string } | undefined => {
  let t = text.trim().replace(/^hxxp/i, 'http').replace(/\[\.\]|\(\.\)/g, '.').replace(/\[:\]/g, ':');
  if (!t) return undefined;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) {
    if (t.startsWith('/')) return undefined;
    t = `http://${t}`;
  }
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^#]*)/i.exec(t);
  if (!m) return undefined;
  const scheme = (m[1] ?? '').toLowerCase();
  let authority = (m[2] ?? '').replace(/^[^@]*@/, '');
  let port = '';
  const pm = /^(.*?)(?::(\d{1,5}))?$/.exec(authority);
  if (pm) {
    authority = pm[1] ?? '';
    port = pm[2] ?? '';
  }
  const host = canonicalDomain(authority.replace(/^\[(.*)\]$/, '$1'));
  if (!host) return undefined;
  const ipHost = canonicalIp(host);
  const hostText = ipHost ?? host;
  const portText = port && port !== DEFAULT_PORT[scheme] ? `:${port}` : '';
  const rest = m[3] || '/';
  const shownHost = ipHost && ipHost.includes(':') ? `[${ipHost}]` : hostText;
  return { url: `${scheme}://${shownHost}${portText}${rest}`, host: hostText };
};
