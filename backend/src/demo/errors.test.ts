import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UnrecoverableError } from 'bullmq';
import {
  HardBounceError,
  JobTimeoutError,
  SmtpPermanentError,
  SmtpTemporaryError,
  classifySmtpError,
} from './errors.ts';

// Shapes of the errors nodemailer raises (code, responseCode, response, command).
function smtpFailure(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.response ?? 'failure')), fields);
}

describe('classifySmtpError', () => {
  it('treats a recipient 550 as a hard bounce that BullMQ will not retry', () => {
    const error = classifySmtpError(
      smtpFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 user unknown' })
    );
    assert.ok(error instanceof HardBounceError);
    assert.ok(error instanceof UnrecoverableError);
    assert.equal(error.name, 'HardBounceError');
    assert.match(error.message, /550 5\.1\.1 user unknown/);
    assert.ok(error.stack?.includes('HardBounceError'));
  });

  it('treats 421 and 450 as temporary', () => {
    for (const responseCode of [421, 450]) {
      const error = classifySmtpError(
        smtpFailure({ code: 'EENVELOPE', responseCode, command: 'RCPT TO', response: `${responseCode} try later` })
      );
      assert.ok(error instanceof SmtpTemporaryError);
      assert.equal((error as SmtpTemporaryError).responseCode, responseCode);
      assert.match(error.message, new RegExp(String(responseCode)));
    }
  });

  it('treats timeouts as JobTimeoutError', () => {
    const error = classifySmtpError(
      smtpFailure({ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' })
    );
    assert.ok(error instanceof JobTimeoutError);
    assert.match(error.message, /Greeting never received/);
  });

  it('retries a 554 connection refusal (a server outage) but not a 554 for the message', () => {
    const refused = classifySmtpError(
      smtpFailure({ code: 'EPROTOCOL', responseCode: 554, command: 'CONN', response: '554 No SMTP service here' })
    );
    assert.ok(refused instanceof SmtpTemporaryError);
    const rejected = classifySmtpError(
      smtpFailure({ code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 spam' })
    );
    assert.ok(rejected instanceof SmtpPermanentError);
  });

  it('keeps the original error as the cause', () => {
    const original = smtpFailure({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:2525' });
    const error = classifySmtpError(original);
    assert.ok(error instanceof SmtpTemporaryError);
    assert.equal(error.cause, original);
    assert.match(error.message, /ECONNREFUSED/);
  });
});
