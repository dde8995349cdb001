import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export type CameraState = 'starting' | 'live' | 'off' | 'denied' | 'noCamera' | 'busy' | 'unsupported' | 'error';

export interface Camera {
  state: CameraState;
  videoRef: RefObject<HTMLVideoElement | null>;
  /** Tries again after a failure (permission granted meanwhile, camera plugged in). */
  retry(): void;
}

/** Why getUserMedia failed, in the words the desk shows (DOMException names per the spec). */
function problemOf(error: unknown): CameraState {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'noCamera';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'error';
}

function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * The desk camera into a <video>, while `active`. Tracks are stopped when it turns inactive
 * (a photo was taken) and when the screen unmounts, so the camera light goes off as soon as
 * the camera is not needed.
 */
export function useCamera(active: boolean): Camera {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>('off');
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!active) {
      setState('off');
      return undefined;
    }
    const media = navigator.mediaDevices as MediaDevices | undefined;
    if (!media?.getUserMedia) {
      setState('unsupported');
      return undefined;
    }
    // Mounted before effects run: the <video> is always rendered while the camera is wanted.
    const video = videoRef.current;
    let stream: MediaStream | null = null;
    let cancelled = false;
    setState('starting');
    media.getUserMedia({ video: true, audio: false }).then(
      (s) => {
        // The screen was left (or a photo taken) while the camera was starting.
        if (cancelled) return stopStream(s);
        stream = s;
        if (!video) return setState('live');
        video.srcObject = s;
        // 'live' (the shutter enabled) only once a frame has arrived: a click before that
        // would capture nothing.
        const ready = () => {
          if (!cancelled) setState('live');
        };
        if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) ready();
        else video.addEventListener('loadeddata', ready, { once: true });
        void video.play().catch(() => undefined);
      },
      (error: unknown) => {
        if (!cancelled) setState(problemOf(error));
      },
    );
    return () => {
      cancelled = true;
      stopStream(stream);
      if (video) video.srcObject = null;
    };
  }, [active, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { state, videoRef, retry };
}

/** Contract limit for photoDataUrl is 400,000 characters; stay well below it. */
const MAX_CHARS = 300_000;
const MAX_WIDTH = 480;

/**
 * One frame of the video as a JPEG data URL, at most 480 px wide. Quality steps down if a
 * detailed frame would still be too large; null if the video has no frame yet.
 */
export function captureFrame(video: HTMLVideoElement): string | null {
  const { videoWidth: w, videoHeight: h } = video;
  if (!w || !h) return null;
  const scale = Math.min(1, MAX_WIDTH / w);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
  for (const quality of [0.8, 0.65, 0.5]) {
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.startsWith('data:image/jpeg') && url.length <= MAX_CHARS) return url;
  }
  return null;
}
