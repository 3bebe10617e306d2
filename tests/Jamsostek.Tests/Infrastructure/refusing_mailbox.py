"""An aiosmtpd Mailbox that refuses addresses starting with "ditolak", as real servers do: a recipient as an unknown user,
a sender as one the login may not send as, echoing the address and the login in its text as Postfix does."""
from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address.startswith("ditolak"):
            return f"553 5.7.1 <{address}>: Sender address rejected: not owned by user operator.ringkasan"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("ditolak"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"
