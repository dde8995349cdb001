import { app, session, type WebContents } from 'electron';
import { isOwnPage } from './ownPage';

/**
 * Electron posture (SECURITY.md): deny new windows and foreign navigation, deny every
 * permission except the camera (member photos).
 */
export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    // The camera for member photos, nothing else: no microphone, screen, location, USB, HID.
    callback(permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'video'));
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
