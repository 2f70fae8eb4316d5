// Certificates for the SMTP probe's tests, made with the openssl CLI in a temporary folder: a test CA (which the
// probe trusts through `caFile`), leaf certificates it signs with any validity window (already expired, expiring in
// 3 days, valid for a year) and a self-signed one nobody trusts. EC P-256 keys: quick to make on a small machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
  keyFile: string;
  certFile: string;
}

export interface TestCa {
  /** The folder everything is written to. */
  dir: string;
  /** The CA's certificate (PEM file): what the probe's `caFile` points at. */
  caFile: string;
  /** A leaf signed by the CA, valid from `notBefore` to `notAfter`, for `names` (default: localhost and 127.0.0.1). */
  issue(notBefore: Date, notAfter: Date, names?: string): TestCertificate;
  /** A self-signed leaf for localhost and 127.0.0.1 (trusted by nobody), valid for `days`. */
  selfSigned(days: number): TestCertificate;
  destroy(): void;
}

const SAN = 'DNS:localhost,IP:127.0.0.1';

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: 'pipe' });
  } catch (error) {
    const failure = error as { code?: string; stderr?: Buffer };
    if (failure.code === 'ENOENT') {
      throw new Error('the openssl CLI is needed to make test certificates (apt-get install openssl)');
    }
    throw new Error(`openssl ${args[0]} failed: ${failure.stderr?.toString() ?? String(error)}`);
  }
}

/** openssl ca's date form: YYYYMMDDHHMMSSZ. */
function asn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

export function createTestCa(): TestCa {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysmon-certs-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/CN=sysmon test CA'],
    dir
  );
  writeFileSync(
    path.join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      'database = index.txt',
      'new_certs_dir = .',
      'serial = serial',
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n')
  );
  writeFileSync(path.join(dir, 'index.txt'), '');
  writeFileSync(path.join(dir, 'serial'), '1000\n');
  let serial = 0;
  const read = (name: string): TestCertificate => ({
    key: readFileSync(path.join(dir, `${name}.key`), 'utf8'),
    cert: readFileSync(path.join(dir, `${name}.pem`), 'utf8'),
    keyFile: path.join(dir, `${name}.key`),
    certFile: path.join(dir, `${name}.pem`),
  });
  return {
    dir,
    caFile: path.join(dir, 'ca.pem'),
    issue(notBefore, notAfter, names = SAN) {
      const name = `leaf${++serial}`;
      const commonName = /^DNS:([^,]+)/.exec(names)?.[1] ?? 'localhost';
      writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${names}\n`);
      openssl(
        ['req', '-new', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${commonName}`],
        dir
      );
      openssl(
        ['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${name}.csr`]
          .concat(['-out', `${name}.pem`, '-notext', '-extfile', `${name}.ext`])
          .concat(['-startdate', asn1Time(notBefore), '-enddate', asn1Time(notAfter)]),
        dir
      );
      return read(name);
    },
    selfSigned(days) {
      const name = `self${++serial}`;
      openssl(
        ['req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', String(days)].concat([
          '-subj',
          '/CN=localhost',
          '-addext',
          `subjectAltName=${SAN}`,
        ]),
        dir
      );
      return read(name);
    },
    destroy() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const DAY_MS = 86_400_000;

/** `days` days from now (negative: in the past). */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY_MS);
}
