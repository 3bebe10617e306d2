"""aiosmtpd's Mailbox behind a login, as a submission server is: AUTH PLAIN and LOGIN offered without TLS (loopback only),
one user name and password taken, any other refused with 535 and text quoting the login, as Postfix's SASL does. Each AUTH
command it is sent adds a line (its mechanism only) to the file "logins" beside MAILDIR, so a test can tell that a client
did not try to log in. aiosmtpd's command line cannot give an authenticator, hence this script:
python3 authenticating_mailbox.py HOST PORT MAILDIR USERNAME PASSWORD"""
import asyncio
import os
import sys

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword, syntax


def main():
    host, port, maildir, username, password = sys.argv[1:]

    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == username and auth_data.password.decode() == password:
            return AuthResult(success=True)
        login = auth_data.login.decode(errors="replace") if isinstance(auth_data, LoginPassword) else "?"
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 Error: authentication failed for {login}: UGFzc3dvcmQ6")

    logins = os.path.join(os.path.dirname(os.path.abspath(maildir)), "logins")

    class RecordingSMTP(SMTP):
        @syntax("AUTH <mechanism>")
        async def smtp_AUTH(self, arg):
            with open(logins, "a", encoding="utf-8", errors="replace") as record:
                record.write((arg or "").split(" ")[0] + "\n")
            return await super().smtp_AUTH(arg)

    handler = Mailbox(maildir)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        lambda: RecordingSMTP(handler, authenticator=authenticate, auth_require_tls=False, auth_required=True), host, int(port)))
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
