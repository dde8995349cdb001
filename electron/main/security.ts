import { app, session, type WebContents } from 'electron';

/**
 * Electron posture (SECURITY.md): deny new windows and foreign navigation, deny every
 * permission except the camera (member photos), and accept IPC only from our own page.
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

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(permission === 'media' && mediaTypes.every((t) => t === 'video'));
  });
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permission === 'media');
}

export function hardenContents(contents: WebContents, rendererUrl: string): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (app.isPackaged) {
    // No devtools or reload in a packaged desk: a member must not reach the app's insides.
    contents.on('before-input-event', (event, input) => {
      const key = input.key.toLowerCase();
      const withMod = input.control || input.meta;
      if (key === 'f5' || key === 'f12' || (withMod && (key === 'r' || (input.shift && key === 'i')))) event.preventDefault();
    });
  }
}
