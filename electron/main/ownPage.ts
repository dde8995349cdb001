/**
 * Whether a frame URL is the app's own page. IPC calls and navigation are accepted only from
 * it: a file:// page must be our index.html exactly; an http page (the dev server) our origin.
 */
export function isOwnPage(url: string | undefined, rendererUrl: string): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    const own = new URL(rendererUrl);
    if (own.protocol === 'file:') return u.protocol === 'file:' && u.pathname === own.pathname;
    return u.origin === own.origin;
  } catch {
    return false;
  }
}
