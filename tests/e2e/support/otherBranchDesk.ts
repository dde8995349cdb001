/**
 * A second branch's front desk for the sync e2e, as a script (run with tsx):
 *
 *   npx tsx tests/e2e/support/otherBranchDesk.ts --server http://127.0.0.1:P --code XXXX-XXXX-XXXX \
 *     --branch-code SH-PD-03 --branch-name 浦东店 --card E2B01234 --phone 19900001234 [--name 林晓彤]
 *
 * It opens a kiosk of its own (a fresh SQLite file with the demo chain, the real services) set
 * up as that branch's desk, head office's staff member enrolls it with the code, a receptionist
 * registers a new member
 * with that card through `members.register`, and it pushes until its outbox is empty. The last
 * line of its output is JSON: { memberId, memberNo, name, cardUid, rejected }, where `rejected`
 * lists the mutations head office refused (none, when all is well).
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CONSENT_TEXT_VERSION } from '../../../core/contract/memberDto';
import type { StaffRole } from '../../../core/staff/permissions';
import { demoStaff } from '../../../services/demo/demoStaff';
import { openKiosk, type Kiosk } from '../../../services/kiosk';
import type { Clock } from '../../../services/ports';
import { openTempKiosk, RESOURCES_DIR, TEST_NOW } from '../../../services/testing/tempKiosk';

const { values } = parseArgs({
  options: {
    server: { type: 'string' },
    code: { type: 'string' },
    'branch-code': { type: 'string' },
    'branch-name': { type: 'string' },
    card: { type: 'string' },
    phone: { type: 'string' },
    name: { type: 'string', default: '林晓彤' },
  },
});

const DRAIN_TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The e2e's pinned morning (2026-11-23 08:30 Shanghai), running forward in real time like the desk under test. */
function runningClock(startIso: string): Clock {
  const start = Date.parse(startIso);
  const origin = performance.now();
  return { now: () => new Date(start + (performance.now() - origin)) };
}

async function signInAs(desk: Kiosk, role: StaffRole): Promise<void> {
  const demo = demoStaff(role);
  const staffId = desk.ctx.kdb.sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(demo.name);
  if (typeof staffId !== 'string') throw new Error(`demo staff ${demo.name} missing`);
  const result = await desk.api['staff.signIn']({ staffId, pin: demo.pin });
  if (!result.ok) throw new Error(`demo sign-in failed: ${result.reason}`);
}

/**
 * A fresh demo database whose own branch is the one this desk plays. The demo chain seeds every
 * desk as 静安寺店; a desk is set up under its own branch's code before it meets head office
 * (a desk calling itself 静安寺店 would clash with head office's 静安寺店 when branches come down).
 */
async function seedDeskOf(branch: { code: string; name: string }): Promise<{ dbPath: string; dir: string }> {
  const seeded = await openTempKiosk({ signedInAs: null, syncDisabled: true });
  seeded.ctx.kdb.sqlite
    .prepare('UPDATE branch SET code = ?, name = ? WHERE id = (SELECT branch_id FROM device WHERE is_this_device = 1)')
    .run(branch.code, branch.name);
  await seeded.close();
  return { dbPath: seeded.dbPath, dir: seeded.dir };
}

async function main(): Promise<void> {
  const { server, code, card, phone, name } = values;
  const branch = { code: values['branch-code'], name: values['branch-name'] };
  if (!server || !code || !card || !phone || !branch.code || !branch.name) {
    throw new Error('usage: otherBranchDesk.ts --server URL --code CODE --branch-code CODE --branch-name NAME --card UID --phone PHONE [--name NAME]');
  }
  const { dbPath, dir } = await seedDeskOf({ code: branch.code, name: branch.name });
  const desk = await openKiosk({ dbPath, resourcesDir: RESOURCES_DIR, clock: runningClock(TEST_NOW), demo: true });
  try {
    await signInAs(desk, 'headoffice');
    await desk.api['sync.enroll']({ serverUrl: server, code, deviceName: '分店前台' });
    await signInAs(desk, 'reception');
    const registered = await desk.api['members.register']({
      profile: { name, gender: 'female', birthday: null, phone, idCard: null, emergencyContact: null, healthNotes: null, fitnessGoal: null, preferredCourses: [] },
      consent: { sensitive: false, textVersion: CONSENT_TEXT_VERSION },
      photoDataUrl: null,
      // Starts on the pinned day, so the member is admitted at the other desk too.
      plan: { code: 'quarter', startsOn: TEST_NOW.slice(0, 10), amountFen: 99_900 },
      card: { card, format: 'hex' },
      acknowledgeDuplicates: true,
    });
    const until = Date.now() + DRAIN_TIMEOUT_MS;
    for (;;) {
      const status = await desk.sync.now();
      if (status.state === 'online' && status.pendingCount === 0) break;
      if (Date.now() > until) throw new Error(`the outbox did not drain: ${JSON.stringify(status)}`);
      await sleep(500);
    }
    const rejected = desk.ctx.kdb.sqlite.prepare("SELECT seq, name, last_error AS error, result FROM sync_outbox WHERE status = 'rejected' ORDER BY seq").all();
    const result = { memberId: registered.memberId, memberNo: registered.memberNo, name, cardUid: card.toUpperCase(), rejected };
    console.log(JSON.stringify(result));
  } finally {
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
