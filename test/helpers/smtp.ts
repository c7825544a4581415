import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server for tests (smtp-server), which keeps every message it accepts, parsed
 * (mailparser). It asks for a user name and password, as a real relay does, and offers no STARTTLS
 * (it has no certificate a client would trust). A test can make it refuse messages with a temporary
 * error, answer slowly, or stop and start again on the same port.
 */

export const SMTP_USER = 'shop';
export const SMTP_PASSWORD = 'smtp-secret-1';

export interface ReceivedMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface TestSmtp {
  /** `smtp://shop:…@127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  port: number;
  messages: ReceivedMessage[];
  /** While true, every message is refused with `451 Try again later` (a temporary failure). */
  refuse: boolean;
  /** Milliseconds to wait before answering a message. */
  delayMs: number;
  /** Messages received and not yet answered (held by `delayMs`). */
  holding: number;
  /** Stops listening: connections are refused, as from a server that is down. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** The messages sent to `address`. */
  to(address: string): ReceivedMessage[];
}

const addressText = (a: unknown): string[] => {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((x: { value?: { address?: string; name?: string }[] }) => (x.value ?? []).map((v) => (v.name ? `${v.name} <${v.address}>` : (v.address ?? ''))));
};

export async function startSmtp(): Promise<TestSmtp> {
  let server: SMTPServer;
  const state: TestSmtp = {
    url: '',
    port: 0,
    messages: [],
    refuse: false,
    delayMs: 0,
    holding: 0,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start: () => listen(state.port),
    to: (address) => state.messages.filter((m) => m.to.includes(address)),
  };
  const make = () =>
    new SMTPServer({
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          if (state.delayMs) {
            state.holding++;
            await new Promise((r) => setTimeout(r, state.delayMs));
            state.holding--;
          }
          if (state.refuse) {
            const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
            return callback(err);
          }
          const parsed = await simpleParser(Buffer.concat(chunks));
          state.messages.push({
            from: addressText(parsed.from)[0] ?? '',
            to: addressText(parsed.to).map((a) => a.replace(/^.*<(.*)>$/, '$1')),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
          });
          callback();
        });
      },
    });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        state.port = (server.server.address() as AddressInfo).port;
        state.url = `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${state.port}`;
        resolve();
      });
    });
  await listen(0);
  return state;
}
