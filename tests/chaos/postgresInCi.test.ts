/**
 * In CI the PostgreSQL half of this suite must run (concurrent pushes, duplicated requests and
 * restarts on a real server): without KIOSK_TEST_DATABASE_URL there, fail instead of passing on
 * PGlite alone. A developer machine without PostgreSQL runs the PGlite half only.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './headOffice';

if (process.env.CI) {
  describe('the fault tests in CI', () => {
    it('have a PostgreSQL database to run against', () => {
      expect(BACKENDS.map((b) => b.name)).toContain('postgres');
    });
  });
} else {
  describe('the fault tests outside CI', () => {
    it('run on PGlite, and on PostgreSQL when KIOSK_TEST_DATABASE_URL is set', () => {
      expect(BACKENDS.map((b) => b.name)).toEqual(process.env.KIOSK_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']);
    });
  });
}
