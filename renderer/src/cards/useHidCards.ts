import { useEffect, useRef } from 'react';
import { onEvent } from '../api/kiosk';

/**
 * Vendor-mode (HID) readers are read by main through node-hid; main pushes 'reader.card' with
 * the canonical upper-case hex UID, so the desk checks it in as format 'hex' for that reader.
 */
export function useHidCards(onCard: (uid: string, readerId: string) => void): void {
  const ref = useRef(onCard);
  useEffect(() => {
    ref.current = onCard;
  });
  useEffect(() => onEvent('reader.card', ({ readerId, uid }) => ref.current(uid, readerId)), []);
}
