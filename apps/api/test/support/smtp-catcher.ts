import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CaughtMail {
  from: string;
  to: string[];
  /** The raw message (headers and body) as the client sent it. */
  data: string;
}

/**
 * A local SMTP server that accepts every message and keeps it: enough of RFC 5321 for nodemailer
 * (no TLS, no auth), so tests see exactly what the email channel sends.
 */
const address = (line: string) => line.match(/<([^>]*)>/)?.[1] ?? '';

export async function startSmtpCatcher(): Promise<{
  url: string;
  mails: CaughtMail[];
  close: () => Promise<void>;
}> {
  const mails: CaughtMail[] = [];
  const server: Server = createServer((socket) => {
    let buffer = '';
    let reading = false;
    let mail: CaughtMail = { from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 catcher ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (reading) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          mail.data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          reading = false;
          mails.push(mail);
          mail = { from: '', to: [], data: '' };
          reply('250 queued');
          continue;
        }
        const newline = buffer.indexOf('\r\n');
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        switch (line.slice(0, 4).toUpperCase()) {
          case 'MAIL':
            mail.from = address(line);
            reply('250 ok');
            break;
          case 'RCPT':
            mail.to.push(address(line));
            reply('250 ok');
            break;
          case 'DATA':
            reading = true;
            reply('354 end with .');
            break;
          case 'QUIT':
            reply('221 bye');
            socket.end();
            break;
          default: // EHLO, HELO, RSET, NOOP
            reply('250 catcher');
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
