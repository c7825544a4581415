/**
 * Sending a message through the SMTP server of `SMTP_URL` (nodemailer). A message refused or not
 * answered throws, so the background action that sends it is tried again later.
 */

export interface OutgoingMessage {
  from: { name: string; address: string };
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** `<…@…>`: the same e-mail sent again carries the same id, so a receiver can tell it is one. */
  messageId: string;
  signal?: AbortSignal;
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<void>;
}

/** Milliseconds: a server that does not answer frees the worker well within its lease (60 s, renewed). */
const CONNECTION_TIMEOUT = 15_000;
const GREETING_TIMEOUT = 15_000;
const SOCKET_TIMEOUT = 60_000;

/** nodemailer is loaded with the first message, not at start-up: most nodes never send one. */
export function smtpMailer(url: string): Mailer {
  let transport: Promise<{ sendMail(message: object): Promise<unknown> }> | null = null;
  const connect = async () => {
    const { createTransport } = await import('nodemailer');
    return createTransport({
      url,
      connectionTimeout: CONNECTION_TIMEOUT,
      greetingTimeout: GREETING_TIMEOUT,
      socketTimeout: SOCKET_TIMEOUT,
    });
  };
  return {
    async send(m) {
      await (await (transport ??= connect())).sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, signal: m.signal });
    },
  };
}

/** The server of an SMTP URL as the system status shows it: scheme, host and port, never the user or password. */
export function describeSmtp(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'smtps:' ? '465' : '587');
    return `${u.protocol}//${u.hostname}:${port}`;
  } catch {
    return 'smtp';
  }
}
