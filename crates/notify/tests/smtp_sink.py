#!/usr/bin/env python3
"""An SMTP sink for motcua-notify's tests (aiosmtpd).

    smtp_sink.py PORT FOLDER

Listens on 127.0.0.1:PORT (0: a free port), prints `LISTENING <port>` once it
accepts connections, and writes every message it receives to FOLDER/<n>.eml
(n = 1, 2, ...): the raw message as sent, after two header lines of the
envelope, `X-Envelope-From:` and `X-Envelope-To:`. Then it prints
`RECEIVED <n>`. Recipients at @refused.invalid are answered 550, those at
@later.invalid 451, so a client's handling of both can be tested. It exits
on SIGTERM or SIGINT.
"""

import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        domain = address.rpartition("@")[2].lower()
        if domain == "refused.invalid":
            return "550 5.1.1 no such mailbox"
        if domain == "later.invalid":
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        n = self.count
        head = (
            "X-Envelope-From: %s\r\nX-Envelope-To: %s\r\n"
            % (envelope.mail_from, ", ".join(envelope.rcpt_tos))
        ).encode("utf-8")
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        path = os.path.join(self.folder, "%d.eml" % n)
        # Written whole before it has its name: a reader never sees half of it.
        with open(path + ".part", "wb") as f:
            f.write(head + content)
        os.replace(path + ".part", path)
        print("RECEIVED %d" % n, flush=True)
        return "250 OK: queued as %d" % n


async def main(port, folder):
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    sink = Sink(folder)
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test", enable_SMTPUTF8=True),
        host="127.0.0.1",
        port=port,
    )
    print("LISTENING %d" % server.sockets[0].getsockname()[1], flush=True)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: smtp_sink.py PORT FOLDER")
    os.makedirs(sys.argv[2], exist_ok=True)
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
