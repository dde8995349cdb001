import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CardFormat } from '../../../core/cards/cardFormat';
import type { ReaderStatusDto } from '../../../core/contract/dto';
import { call, onEvent, type CallResult } from '../api/kiosk';

export interface ReadersState {
  readers: ReaderStatusDto[];
  refreshReaders(): void;
  configureReader(readerId: string, format: CardFormat): Promise<CallResult<ReaderStatusDto>>;
}

/**
 * Card reader statuses: read once, then kept current by 'reader.status' pushes (HID plug/unplug,
 * the keyboard reader's first card). The keyboard reader's later read times are not pushed, so
 * the desk re-reads the list after each keyboard tap.
 */
export function useReaders(): ReadersState {
  const [readers, setReaders] = useState<ReaderStatusDto[]>([]);

  const refreshReaders = useCallback(() => {
    void call('readers.list', {}).then((res) => {
      if (res.ok) setReaders(res.value);
    });
  }, []);

  useEffect(() => {
    refreshReaders();
    return onEvent('reader.status', (list) => setReaders(list));
  }, [refreshReaders]);

  const configureReader = useCallback(async (readerId: string, format: CardFormat) => {
    const res = await call('readers.configure', { readerId, format });
    if (res.ok) setReaders((list) => list.map((r) => (r.id === res.value.id ? res.value : r)));
    return res;
  }, []);

  return useMemo(() => ({ readers, refreshReaders, configureReader }), [readers, refreshReaders, configureReader]);
}
