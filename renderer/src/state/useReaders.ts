import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CardFormat } from '../../../core/cards/cardFormat';
import type { ReaderStatusDto } from '../../../core/contract/dto';
import { call, onEvent, type CallResult } from '../api/kiosk';

export interface ReadersState {
  readers: ReaderStatusDto[];
  configureReader(readerId: string, format: CardFormat): Promise<CallResult<ReaderStatusDto>>;
}

/**
 * Card reader statuses: read once, then kept current by 'reader.status' pushes (HID plug and
 * unplug, and the keyboard reader's reads, at most once a second).
 */
export function useReaders(): ReadersState {
  const [readers, setReaders] = useState<ReaderStatusDto[]>([]);

  useEffect(() => {
    void call('readers.list', {}).then((res) => {
      if (res.ok) setReaders(res.value);
    });
    return onEvent('reader.status', (list) => setReaders(list));
  }, []);

  const configureReader = useCallback(async (readerId: string, format: CardFormat) => {
    const res = await call('readers.configure', { readerId, format });
    if (res.ok) setReaders((list) => list.map((r) => (r.id === res.value.id ? res.value : r)));
    return res;
  }, []);

  return useMemo(() => ({ readers, configureReader }), [readers, configureReader]);
}
