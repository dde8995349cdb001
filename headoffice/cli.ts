/**
 * The head-office command line.
 *   npm run headoffice -- [--port 8787] [--host 0.0.0.0] [--data ./headoffice-data]
 *   npm run headoffice:admin -- <create-branch|issue-code|list-devices|revoke-device|inspect> …
 * With KIOSK_HQ_DATABASE_URL set it works on that PostgreSQL database, else on the embedded
 * PGlite database in the data folder.
 */
import { parseArgs } from 'node:util';
import { createBranch, findBranch, listDevices, revokeDevice } from './admin';
import { issueEnrollmentCode } from './auth/enrollment';
import { openHqDatabase } from './db/open';
import { formatInspection, inspectHq, UnknownBranchError } from './inspect';
import { buildServer } from './server';

const USAGE = `usage:
  npm run headoffice -- [--port 8787] [--host 0.0.0.0] [--data ./headoffice-data]
  npm run headoffice:admin -- create-branch --code SH01 --name "Shanghai Jing'an" [--tz Asia/Shanghai] [--data dir]
  npm run headoffice:admin -- issue-code --branch <branch id or code> [--hours 24] [--data dir]
  npm run headoffice:admin -- list-devices [--data dir]
  npm run headoffice:admin -- revoke-device <device id> [--data dir]
  npm run headoffice:admin -- inspect [--branch <id or code>] [--json] [--data dir]   (read-only)
PostgreSQL instead of the embedded database: set KIOSK_HQ_DATABASE_URL=postgres://user:pass@host:5432/db`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' },
      code: { type: 'string' }, name: { type: 'string' }, tz: { type: 'string' }, branch: { type: 'string' }, hours: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const open = () => openHqDatabase({ databaseUrl: process.env.KIOSK_HQ_DATABASE_URL || undefined, dataDir: values.data });

  if (mode === 'serve') {
    const port = Number(values.port ?? process.env.PORT ?? 8787);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad --port ${values.port}`);
    const hq = await open();
    const app = buildServer(hq.db, { logger: true });
    const stop = async () => {
      await app.close();
      await hq.close();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await app.listen({ port, host: values.host ?? '0.0.0.0' });
    console.log(`head office listening on port ${port}, database: ${hq.kind} ${hq.where}`);
    return;
  }
  if (mode !== 'admin') fail('unknown mode');
  const [command, arg] = positionals;
  if (!command) fail('which admin command?');
  const hq = await open();
  try {
    switch (command) {
      case 'create-branch': {
        if (!values.code || !values.name) fail('create-branch needs --code and --name');
        const b = await createBranch(hq.db, { code: values.code, name: values.name, timeZone: values.tz });
        console.log(`Branch created\n  id:        ${b.id}\n  code:      ${b.code}\n  name:      ${b.name}\n  time zone: ${b.timeZone}`);
        break;
      }
      case 'issue-code': {
        if (!values.branch) fail('issue-code needs --branch <id or code>');
        const branch = await findBranch(hq.db, values.branch);
        if (!branch) fail(`no branch ${values.branch}`);
        const hours = Number(values.hours ?? 24);
        if (!(hours > 0 && hours <= 24 * 7)) fail('--hours must be between 0 and 168');
        const { code, expiresAt } = await issueEnrollmentCode(hq.db, branch.id, hours * 3_600_000);
        console.log(`Enrollment code for ${branch.code} (${branch.name}):\n\n    ${code}\n\nValid once, until ${expiresAt.toISOString()}. It is shown only now; only its hash is stored.`);
        break;
      }
      case 'list-devices': {
        const devices = await listDevices(hq.db);
        if (devices.length === 0) console.log('No devices enrolled.');
        for (const d of devices) {
          console.log(`${d.id}  ${d.branch_code.padEnd(8)} ${d.status.padEnd(8)} ${d.name}  enrolled ${new Date(d.created_at).toISOString()}  last seen ${d.last_seen_at ? new Date(d.last_seen_at).toISOString() : 'never'}`);
        }
        break;
      }
      case 'revoke-device': {
        if (!arg) fail('revoke-device needs a device id');
        console.log((await revokeDevice(hq.db, arg)) ? `Device ${arg} revoked: its requests are refused from now on.` : `No active device ${arg}.`);
        break;
      }
      case 'inspect': {
        try {
          const report = await inspectHq(hq.db, values.branch === undefined ? {} : { branch: values.branch });
          console.log(values.json ? JSON.stringify(report, null, 2) : formatInspection(report));
        } catch (e) {
          if (e instanceof UnknownBranchError) fail(e.message);
          throw e;
        }
        break;
      }
      default:
        fail(`unknown admin command ${command}`);
    }
  } finally {
    await hq.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
