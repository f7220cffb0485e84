import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type ReceivedMail = {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
};

export type TestSmtpServer = {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** How many connections were turned away with 421 so far. */
  rejected(): number;
  /** Resolves once `count` mails have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

export type SmtpServerOptions = {
  /** The first N connections get "421 service not available". */
  rejectFirst?: number;
  /** Waits this long before accepting each message. */
  delayMs?: number;
  /**
   * These addresses are refused at RCPT TO, as a server answers for an unknown mailbox.
   * Read at each RCPT TO, so a test can remove an address once its mailbox "exists".
   */
  rejectRecipients?: string[];
  /** The answer code for a refused recipient: 550 unless told (4xx is a passing refusal). */
  rejectRecipientCode?: number;
  /** Every MAIL FROM gets "553 sender rejected", as a relay answers that will not send for us. */
  rejectMailFrom?: boolean;
};

function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  const error = new Error(message) as Error & { responseCode: number };
  error.responseCode = responseCode;
  return error;
}

/**
 * A real SMTP server in this process. With `rejectFirst`, the first N connections get
 * "421 service not available", as a mail server under maintenance answers.
 */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let rejected = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onConnect(_session, callback) {
      if (rejected < (options.rejectFirst ?? 0)) {
        rejected++;
        const error = new Error("Service not available, try again later") as Error & { responseCode: number };
        error.responseCode = 421;
        return callback(error);
      }
      callback();
    },
    onMailFrom(_address, _session, callback) {
      if (options.rejectMailFrom) return callback(smtpError(553, "5.7.1 Sender address rejected: not owned by user"));
      callback();
    },
    onRcptTo(address, _session, callback) {
      const refused = options.rejectRecipients ?? [];
      if (refused.some((refusedAddress) => refusedAddress.toLowerCase() === address.address.toLowerCase())) {
        const code = options.rejectRecipientCode ?? 550;
        return callback(smtpError(code, code >= 500 ? "5.1.1 user unknown" : "4.2.0 Greylisted, please try again later"));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        // A slow server, so that concurrent senders really overlap.
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    rejected: () => rejected,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The sign-in link and code of a received sign-in mail. */
export function signInDetails(mail: ReceivedMail): { url: string; token: string; code: string } {
  const text = mail.parsed.text ?? "";
  const url = /(https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
  const code = /Code ein: (\d{6})/.exec(text)?.[1];
  if (!url || !code) throw new Error(`no sign-in link or code in:\n${text}`);
  return { url, token: new URL(url).searchParams.get("token")!, code };
}

/** The newest sign-in link this sink received for `email`, waiting for it to arrive. */
export function smtpLinkSource(smtp: TestSmtpServer) {
  return async (email: string, after: number): Promise<string> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const mail = smtp.received
        .filter(
          (m) =>
            m.to.includes(email) && (m.parsed.date?.getTime() ?? Date.now()) >= after - 1000 && /Login-Code/.test(m.parsed.subject ?? ""),
        )
        .at(-1);
      if (mail) return signInDetails(mail).url;
      if (Date.now() > deadline) throw new Error(`no sign-in mail for ${email}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
}
