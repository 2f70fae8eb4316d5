import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_FLAGS, DemoUsageError, demoUsage, parseDemoArgs } from './options.ts';

describe('parseDemoArgs', () => {
  it('has defaults for everything', () => {
    const options = parseDemoArgs([], {});
    assert.deepEqual(options.rates, { email: 5, warmup: 2, analytics: 1 });
    assert.deepEqual(options.smtp, {
      host: '127.0.0.1',
      port: 2525,
      mode: 'normal',
      slowBannerMs: 3_000,
      refuseCode: 421,
      tempFailRate: 0.02,
      clientTimeoutMs: 5_000,
    });
    assert.deepEqual(options.api, { host: '127.0.0.1', port: 2527, mode: 'normal', slowMs: 2_000 });
    assert.deepEqual(options.control, { host: '127.0.0.1', port: 2526 });
    assert.deepEqual(options.campaign, { size: 500, everySeconds: 0, now: false });
    assert.equal(options.prefix, undefined);
    assert.equal(options.durationSeconds, 0);
  });

  it('reads DEMO_* variables and lets flags win over them', () => {
    const env = {
      DEMO_EMAIL_RATE: '12.5',
      DEMO_SMTP_MODE: 'slow',
      DEMO_CAMPAIGN_NOW: 'true',
      DEMO_PREFIX: 'envprefix',
      DEMO_CONTROL_PORT: '9000',
    };
    const options = parseDemoArgs(
      ['--email-rate', '3', '--campaign-size', '2000', '--campaign-every', '30', '--smtp-slow-seconds', '2.5'],
      env
    );
    assert.equal(options.rates.email, 3);
    assert.equal(options.smtp.mode, 'slow');
    assert.equal(options.smtp.slowBannerMs, 2_500);
    assert.deepEqual(options.campaign, { size: 2000, everySeconds: 30, now: true });
    assert.equal(options.prefix, 'envprefix');
    assert.equal(options.control.port, 9000);
  });

  it('reads the platform API flags and their DEMO_API_* variables', () => {
    const env = { DEMO_API_HOST: '0.0.0.0', DEMO_API_PORT: '0', DEMO_API_MODE: 'erroring', DEMO_SMTP_MODE: 'down' };
    let options = parseDemoArgs([], env);
    assert.deepEqual(options.api, { host: '0.0.0.0', port: 0, mode: 'erroring', slowMs: 2_000 });
    assert.equal(options.smtp.mode, 'down');
    options = parseDemoArgs(['--api-mode', 'slow', '--api-slow-seconds', '1.5', '--api-port', '9100'], env);
    assert.deepEqual(options.api, { host: '0.0.0.0', port: 9100, mode: 'slow', slowMs: 1_500 });
  });

  it('treats an empty variable as unset', () => {
    assert.equal(parseDemoArgs([], { DEMO_EMAIL_RATE: '' }).rates.email, 5);
  });

  const bad: Array<[string[], Record<string, string>, RegExp]> = [
    [['--email-rate=-1'], {}, /--email-rate \(DEMO_EMAIL_RATE\): expected a number >= 0, got "-1"/],
    [
      [],
      { DEMO_WARMUP_CONCURRENCY: '1.5' },
      /--warmup-concurrency \(DEMO_WARMUP_CONCURRENCY\): expected a whole number >= 1/,
    ],
    [['--smtp-port', '70000'], {}, /--smtp-port \(DEMO_SMTP_PORT\): expected a port number/],
    [
      ['--smtp-mode', 'broken'],
      {},
      /--smtp-mode \(DEMO_SMTP_MODE\): expected one of normal, slow, refusing, down, got "broken"/,
    ],
    [
      [],
      { DEMO_API_MODE: 'refusing' },
      /--api-mode \(DEMO_API_MODE\): expected one of normal, slow, erroring, down, got "refusing"/,
    ],
    [['--api-port=65536'], {}, /--api-port \(DEMO_API_PORT\): expected a port number/],
    [['--api-slow-seconds', '0'], {}, /--api-slow-seconds \(DEMO_API_SLOW_SECONDS\): expected a number > 0/],
    [['--api-host', ' '], {}, /--api-host \(DEMO_API_HOST\): must not be empty/],
    [['--bounce-rate', '2'], {}, /--bounce-rate \(DEMO_BOUNCE_RATE\): expected a share between 0 and 1/],
    [['--smtp-refuse-code', '500'], {}, /expected 421 or 554/],
    [[], { DEMO_CAMPAIGN_NOW: 'perhaps' }, /--campaign-now \(DEMO_CAMPAIGN_NOW\): expected true or false/],
    [['--email-rate', 'fast'], {}, /expected a number, got "fast"/],
    [['--no-such-flag'], {}, /Unknown option '--no-such-flag'/],
    [['--bounce-rate', '0.6', '--greylist-rate', '0.6'], {}, /together must not exceed 1/],
  ];
  for (const [argv, env, message] of bad) {
    it(`rejects ${JSON.stringify(argv)} ${JSON.stringify(env)} naming the flag`, () => {
      assert.throws(
        () => parseDemoArgs(argv, env),
        (error: unknown) => error instanceof DemoUsageError && message.test(error.message)
      );
    });
  }

  it('documents every flag with its variable in the usage text', () => {
    const usage = demoUsage();
    for (const [flag, spec] of Object.entries(DEMO_FLAGS)) {
      assert.ok(usage.includes(`--${flag}`) && usage.includes(spec.env), flag);
    }
    assert.equal(parseDemoArgs(['--help'], {}).help, true);
  });
});
