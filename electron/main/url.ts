// Small URL helpers shared by the navigation and network guards.

/** The scheme of a URL-ish string, lower-cased, for logs ('none' if it has none). Never the rest of the URL. */
export function schemeOf(url: string): string {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  return match?.[1]?.toLowerCase() ?? 'none';
}
