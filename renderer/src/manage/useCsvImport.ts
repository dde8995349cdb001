import { useCallback, useRef, useState } from 'react';
import { call, type DeskError } from '../api/kiosk';
import type { ImportLineError } from './importErrors';
import { MAX_FILE_BYTES, MAX_FILE_NAME } from './posFormat';

export type ImportPhase = 'idle' | 'reading' | 'checking' | 'checked' | 'importing' | 'imported';

export interface ImportState {
  phase: ImportPhase;
  fileName: string | null;
  /** The dry run's (or the import's) count and total, when the file passed. */
  summary: { rows: number; totalFen: number } | null;
  /** Line errors: the file was refused, nothing imported. */
  errors: ImportLineError[] | null;
  /** The file could not be read or sent (too big, unreadable, a service error). */
  problem: { kind: 'tooLarge' | 'notCsv' | 'unreadable' } | { kind: 'service'; error: DeskError } | null;
}

const IDLE: ImportState = { phase: 'idle', fileName: null, summary: null, errors: null, problem: null };

/**
 * The POS import as two calls: a dry run when a file is chosen, then the real import of the same
 * text once staff have seen the count and total. The service checks everything again inside the
 * import's transaction, so a file that changed meanwhile (or was imported from another desk) is
 * still refused there.
 */
export function useCsvImport() {
  const [state, setState] = useState<ImportState>(IDLE);
  const text = useRef<string | null>(null);
  // A newer file wins over an older one still being read or checked.
  const generation = useRef(0);

  const choose = useCallback(async (file: File) => {
    const gen = ++generation.current;
    text.current = null;
    const fileName = file.name.slice(0, MAX_FILE_NAME);
    if (!/\.csv$/i.test(file.name)) return setState({ ...IDLE, fileName, problem: { kind: 'notCsv' } });
    // Refused before reading: a 200 MB export would otherwise sit in memory for nothing.
    if (file.size > MAX_FILE_BYTES) return setState({ ...IDLE, fileName, problem: { kind: 'tooLarge' } });
    setState({ ...IDLE, phase: 'reading', fileName });
    let csv: string;
    try {
      csv = await file.text();
    } catch {
      if (gen === generation.current) setState({ ...IDLE, fileName, problem: { kind: 'unreadable' } });
      return;
    }
    if (gen !== generation.current) return;
    text.current = csv;
    setState({ ...IDLE, phase: 'checking', fileName });
    const res = await call('consumption.import', { fileName, csv, dryRun: true });
    if (gen !== generation.current) return;
    if (!res.ok) return setState({ ...IDLE, fileName, problem: { kind: 'service', error: res.error } });
    if (!res.value.ok) return setState({ ...IDLE, phase: 'checked', fileName, errors: res.value.errors });
    setState({ ...IDLE, phase: 'checked', fileName, summary: { rows: res.value.rows, totalFen: res.value.totalFen } });
  }, []);

  const commit = useCallback(async () => {
    const csv = text.current;
    const fileName = state.fileName;
    if (csv === null || fileName === null || state.phase !== 'checked' || !state.summary) return;
    const gen = generation.current;
    setState((s) => ({ ...s, phase: 'importing' }));
    const res = await call('consumption.import', { fileName, csv, dryRun: false });
    if (gen !== generation.current) return;
    if (!res.ok) return setState((s) => ({ ...s, phase: 'checked', problem: { kind: 'service', error: res.error } }));
    if (!res.value.ok) return setState({ ...IDLE, phase: 'checked', fileName, errors: res.value.errors });
    text.current = null;
    setState({ ...IDLE, phase: 'imported', fileName, summary: { rows: res.value.rows, totalFen: res.value.totalFen } });
  }, [state]);

  const reset = useCallback(() => {
    generation.current++;
    text.current = null;
    setState(IDLE);
  }, []);

  return { state, choose, commit, reset };
}
