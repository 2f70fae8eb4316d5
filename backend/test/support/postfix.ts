// A private Postfix (Debian's `postfix` package) for the SMTP probe's tests: its own config_directory,
// queue_directory and data_directory in a temporary folder, its own master(8) process started by the test (never
// `postfix start`, never the system instance, never port 25), listening on 127.0.0.1 only, on free ports, one per
// behaviour:
//   starttls            smtpd offering STARTTLS with the given certificate
//   plain               smtpd without STARTTLS
//   slowBanner          smtpd that holds back its 220 (`smtpd_client_restrictions = sleep N` with
//                       `smtpd_delay_reject = no`: the restriction runs before the greeting, Postfix' anti-zombie trick)
//   tooManyConnections  smtpd allowing one connection per client (`smtpd_client_connection_count_limit = 1` via anvil,
//                       no exemption for localhost): a second connection gets "421 4.7.0 … too many connections"
//   postscreen          postscreen(8) with its pregreet test: "220-" at once, the final "220 " line (from smtpd)
//                       only after `postscreen_greet_wait` — a slow, multi-line banner
// Postfix' master must run as root (it binds, then runs its daemons as the `postfix` user); the Debian package
// creates that user. Without the package, startPostfix throws with what to install.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../faults.ts';

export const POSTFIX_LISTENERS = ['starttls', 'plain', 'slowBanner', 'tooManyConnections', 'postscreen'] as const;
export type PostfixListener = (typeof POSTFIX_LISTENERS)[number];

export interface PostfixOptions {
  /** PEM files of the certificate the `starttls` listener presents. */
  tls: { certFile: string; keyFile: string };
  /** How long the `slowBanner` listener holds back its 220. */
  bannerDelaySeconds: number;
  /** How long `postscreen` waits before its final 220 line. */
  greetWaitSeconds: number;
  /** The name in the banners. */
  hostname?: string;
}

export interface PrivatePostfix {
  dir: string;
  hostname: string;
  ports: Record<PostfixListener, number>;
  /** What the instance logged (its maillog_file). */
  maillog(): string;
  /** Stops master and its daemons and deletes the folder. */
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'install Debian’s postfix to run these tests: DEBIAN_FRONTEND=noninteractive apt-get install -y postfix ' +
  '(the tests run a private instance on free ports of 127.0.0.1; they do not need the system instance)';

function postfixCommand(args: string[]): string {
  return execFileSync('postfix', args, { stdio: 'pipe' }).toString();
}

/** Where Postfix keeps its daemons (Debian: /usr/lib/postfix/sbin), or why Postfix cannot run here. */
export function postfixDaemonDirectory(): string {
  let directory: string;
  try {
    directory = execFileSync('postconf', ['-d', '-h', 'daemon_directory'], { stdio: 'pipe' }).toString().trim();
  } catch {
    throw new Error(`postfix is not installed (no postconf): ${INSTALL_HINT}`);
  }
  if (!existsSync(path.join(directory, 'master'))) {
    throw new Error(`postfix is not installed (no ${directory}/master): ${INSTALL_HINT}`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error('a private postfix needs root (its master binds and then runs its daemons as `postfix`)');
  }
  try {
    execFileSync('id', ['-u', 'postfix'], { stdio: 'pipe' });
  } catch {
    throw new Error(`there is no \`postfix\` user: ${INSTALL_HINT}`);
  }
  return directory;
}

export async function startPostfix(options: PostfixOptions): Promise<PrivatePostfix> {
  const daemonDirectory = postfixDaemonDirectory();
  const hostname = options.hostname ?? 'sysmon-postfix.test';
  const dir = mkdtempSync(path.join(tmpdir(), 'sysmon-postfix-'));
  chmodSync(dir, 0o755); // the daemons run as `postfix` and must reach the queue and data folders
  const conf = path.join(dir, 'conf');
  const queue = path.join(dir, 'queue');
  const data = path.join(dir, 'data');
  const maillogFile = path.join(dir, 'maillog');
  for (const folder of [conf, queue, data]) {
    mkdirSync(folder, { mode: 0o755 });
  }
  const postfixUid = Number(execFileSync('id', ['-u', 'postfix']).toString().trim());
  chownSync(data, postfixUid, 0);

  const ports = {} as Record<PostfixListener, number>;
  for (const listener of POSTFIX_LISTENERS) {
    ports[listener] = await freePort();
  }

  writeFileSync(
    path.join(conf, 'main.cf'),
    [
      'compatibility_level = 3.6',
      `queue_directory = ${queue}`,
      `data_directory = ${data}`,
      `daemon_directory = ${daemonDirectory}`,
      'mail_owner = postfix',
      'setgid_group = postdrop',
      'inet_interfaces = 127.0.0.1',
      'inet_protocols = ipv4',
      `myhostname = ${hostname}`,
      'mydestination =',
      // Not "mynetworks": loopback must get no exemption from the connection limit or postscreen.
      'mynetworks = 192.0.2.0/24',
      'alias_maps =',
      'alias_database =',
      'local_recipient_maps =',
      'smtpd_banner = $myhostname ESMTP',
      'smtpd_tls_security_level = none',
      `maillog_file_prefixes = ${dir}`,
      `maillog_file = ${maillogFile}`,
      'biff = no',
      '',
    ].join('\n')
  );
  const smtpd = (port: number, settings: string[] = []) =>
    `127.0.0.1:${port} inet n - n - - smtpd${settings.map((setting) => ` -o ${setting}`).join('')}`;
  writeFileSync(
    path.join(conf, 'master.cf'),
    [
      smtpd(ports.starttls, [
        'smtpd_tls_security_level=may',
        `smtpd_tls_cert_file=${options.tls.certFile}`,
        `smtpd_tls_key_file=${options.tls.keyFile}`,
      ]),
      smtpd(ports.plain),
      smtpd(ports.slowBanner, [
        `smtpd_client_restrictions=sleep,${options.bannerDelaySeconds},permit`,
        'smtpd_delay_reject=no',
      ]),
      smtpd(ports.tooManyConnections, [
        'smtpd_client_connection_count_limit=1',
        'smtpd_client_event_limit_exceptions=',
      ]),
      `127.0.0.1:${ports.postscreen} inet n - n - 1 postscreen -o postscreen_greet_wait=${options.greetWaitSeconds}s` +
        ' -o postscreen_greet_action=enforce -o postscreen_access_list= -o postscreen_greet_ttl=1s',
      'smtpd pass - - n - - smtpd',
      'anvil unix - - n - 1 anvil',
      'tlsmgr unix - - n 1000? 1 tlsmgr',
      'proxymap unix - - n - - proxymap',
      'rewrite unix - - n - - trivial-rewrite',
      'postlog unix-dgram n - n - 1 postlogd',
      '',
    ].join('\n')
  );

  const maillog = () => (existsSync(maillogFile) ? readFileSync(maillogFile, 'utf8') : '');
  const fail = (what: string, error?: unknown): never => {
    const detail = error instanceof Error ? ` (${error.message.split('\n')[0]})` : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`private postfix: ${what}${detail}\n${maillog().split('\n').slice(-15).join('\n')}`);
  };

  try {
    // Creates the queue's folders with Postfix' own owners and modes (post-install create-missing).
    postfixCommand(['-c', conf, 'check']);
  } catch (error) {
    fail('`postfix check` failed', error);
  }

  const master: ChildProcess = spawn(path.join(daemonDirectory, 'master'), ['-c', conf], { stdio: 'ignore' });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    master.once('exit', () => {
      exited = true;
      resolve();
    })
  );
  const deadline = Date.now() + 15_000;
  while (!/daemon started/.test(maillog())) {
    if (exited || Date.now() > deadline) {
      master.kill('SIGKILL');
      fail(exited ? 'master exited at start-up' : 'master did not start within 15 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    dir,
    hostname,
    ports,
    maillog,
    stop: async () => {
      if (!exited) {
        master.kill('SIGTERM'); // master passes it on to its daemons
        const timer = setTimeout(() => master.kill('SIGKILL'), 5_000);
        await exit;
        clearTimeout(timer);
      }
      // master made itself a session leader: anything of its process group still running is ours to end.
      try {
        process.kill(-master.pid!, 'SIGKILL');
      } catch {
        // none left
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
