import type { DecisionColor } from '../theme';

/**
 * A distinct tone pattern per decision, so staff who look away still hear a denial: rising
 * two-note chime (green), two even beeps (yellow), three low buzzes (red), one long low tone
 * (grey). The AudioContext is created lazily on the first tap (browsers only allow audio after
 * a user gesture, and a card tap is one) and every failure is swallowed: a headless test
 * browser or a PC without a sound device must still check members in.
 */
interface Note {
  freq: number;
  /** Offset from the pattern start, seconds. */
  at: number;
  dur: number;
  wave: OscillatorType;
}

const PATTERNS: Record<DecisionColor, Note[]> = {
  green: [
    { freq: 880, at: 0, dur: 0.12, wave: 'sine' },
    { freq: 1320, at: 0.13, dur: 0.18, wave: 'sine' },
  ],
  yellow: [
    { freq: 740, at: 0, dur: 0.14, wave: 'triangle' },
    { freq: 740, at: 0.22, dur: 0.14, wave: 'triangle' },
  ],
  red: [
    { freq: 220, at: 0, dur: 0.16, wave: 'square' },
    { freq: 220, at: 0.22, dur: 0.16, wave: 'square' },
    { freq: 220, at: 0.44, dur: 0.16, wave: 'square' },
  ],
  grey: [{ freq: 330, at: 0, dur: 0.5, wave: 'sine' }],
};

let context: AudioContext | null = null;
let unavailable = false;

function audio(): AudioContext | null {
  if (unavailable) return null;
  if (context) return context;
  try {
    const Ctor = (window as { AudioContext?: typeof AudioContext }).AudioContext;
    if (!Ctor) {
      unavailable = true;
      return null;
    }
    context = new Ctor();
    return context;
  } catch {
    unavailable = true;
    return null;
  }
}

export function playDecisionTone(color: DecisionColor): void {
  try {
    const ctx = audio();
    if (!ctx) return;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
    const start = ctx.currentTime + 0.01;
    for (const note of PATTERNS[color]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = note.wave;
      osc.frequency.value = note.freq;
      // Short attack and release: no clicks, and quiet enough for a reception counter.
      const t0 = start + note.at;
      gain.gain.setValueAtTime(0, t0);
      gain.gain.linearRampToValueAtTime(0.18, t0 + 0.01);
      gain.gain.setValueAtTime(0.18, t0 + note.dur - 0.03);
      gain.gain.linearRampToValueAtTime(0, t0 + note.dur);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + note.dur + 0.02);
    }
  } catch {
    // Sound is a courtesy; the banner already says it all.
  }
}
