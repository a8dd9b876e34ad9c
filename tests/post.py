"""E-mail in tests: mails are stored rows that a worker sends; `verzonden_mail` sends them
now, in the test's process; `Mailserver` receives what a real worker sends over SMTP."""

import email
import email.policy
import socketserver
import threading
from email.message import Message

from django.core import mail

from toegang.berichten.models import Mail
from toegang.berichten.services import mails_versturen


def verzonden_mail() -> list:
    """Send every waiting e-mail as the worker would, and return Django's test outbox."""
    wachtend = Mail.objects.filter(status=Mail.Status.WACHT).order_by("pk")
    mails_versturen(ids=list(wachtend.values_list("pk", flat=True)))
    return mail.outbox


class Mailserver:
    """A small SMTP server on 127.0.0.1 for tests with a real worker: it keeps every message
    it accepted (answered 250 after DATA), as a mail server would deliver it.

    `vasthouden(onderwerp)` holds the next message with that subject after its DATA without
    ever answering: the sender waits, as on a slow mail server, until it is killed. Such a
    message was never accepted, so it is not kept. `vastgehouden` is set once one is held.
    """

    def __init__(self):
        self.ontvangen: list[Message] = []
        self.vastgehouden = threading.Event()
        self._vasthouden: str | None = None
        self._loslaten = threading.Event()
        self._lock = threading.Lock()
        self._server = _SmtpServer(("127.0.0.1", 0), _SmtpGesprek)
        self._server.mailserver = self
        self.poort = self._server.server_address[1]
        self.url = f"smtp://127.0.0.1:{self.poort}"
        self._draad = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._draad.start()
        return self

    def __exit__(self, *exc):
        self._loslaten.set()
        self._server.shutdown()
        self._server.server_close()

    def vasthouden(self, onderwerp: str) -> None:
        self._vasthouden = onderwerp

    def onderwerpen(self) -> list[str]:
        with self._lock:
            return sorted(str(m["Subject"]) for m in self.ontvangen)

    def _binnen(self, bericht: Message) -> bool:
        """True when the message is accepted; a held one waits and is never accepted."""
        with self._lock:
            vasthouden = self._vasthouden is not None and bericht["Subject"] == self._vasthouden
            if vasthouden:
                self._vasthouden = None
            else:
                self.ontvangen.append(bericht)
        if vasthouden:
            self.vastgehouden.set()
            self._loslaten.wait(120)
        return not vasthouden


class _SmtpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _SmtpGesprek(socketserver.StreamRequestHandler):
    """The part of SMTP (RFC 5321) that Django's SMTP backend speaks, without TLS or AUTH."""

    def handle(self):
        self._zeg("220 localhost ESMTP test")
        while regel := self.rfile.readline():
            woord = regel.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if woord in ("EHLO", "HELO"):
                self._zeg("250 localhost")
            elif woord in ("MAIL", "RCPT", "RSET", "NOOP"):
                self._zeg("250 OK")
            elif woord == "DATA":
                self._zeg("354 End data with <CR><LF>.<CR><LF>")
                bericht = self._inhoud()
                if bericht is None or not self.server.mailserver._binnen(bericht):
                    return
                self._zeg("250 OK queued")
            elif woord == "QUIT":
                self._zeg("221 Bye")
                return
            else:
                self._zeg("502 Command not implemented")

    def _inhoud(self) -> Message | None:
        regels = []
        while regel := self.rfile.readline():
            if regel.rstrip(b"\r\n") == b".":
                return email.message_from_bytes(b"".join(regels), policy=email.policy.default)
            regels.append(regel[1:] if regel.startswith(b"..") else regel)
        return None

    def _zeg(self, regel: str) -> None:
        self.wfile.write(f"{regel}\r\n".encode())
        self.wfile.flush()
