using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Jamsostek.Digest;

/// <summary>Where digests go: an SMTP server (Digest:Smtp:Host) or, without one, .eml files in Digest:PickupPath.</summary>
public interface IDigestTransport
{
    /// <summary>One session per batch: for SMTP one connection (connect, authenticate, send each, disconnect).</summary>
    Task<IDigestSession> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether digests could go out now, in one sentence naming the setting to look at, or null when they could: for SMTP the
    /// server answers its greeting (and TLS when configured) and offers a login when Digest:Smtp:Username is set, without
    /// logging in; for the pickup folder, it can be made.
    /// </summary>
    Task<string?> ProblemAsync(CancellationToken cancellationToken);
}

public interface IDigestSession : IAsyncDisposable
{
    /// <summary>
    /// Sends one message. Its name is unique to it and the same each time it is sent: the pickup folder's file name (a file
    /// already there was delivered before); an SMTP server is not told it.
    /// </summary>
    Task SendAsync(MimeMessage message, string name, CancellationToken cancellationToken);
}

internal sealed class SmtpDigestTransport(IOptions<DigestOptions> options) : IDigestTransport
{
    public async Task<IDigestSession> OpenAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        var client = await ConnectAsync(smtp, cancellationToken);
        try
        {
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                try
                {
                    await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
                }
                catch (AuthenticationException)
                {
                    // A wrong user name or password, not a passing failure: retried, it is refused again every time. Its
                    // message (the server's words, which may quote the login) stays out of the sentence.
                    throw DigestSender.LoginRefused();
                }
                catch (NotSupportedException)
                {
                    // ConnectAsync saw a mechanism MailKit speaks; should it still find none it logs in with by password,
                    // it is the same setting.
                    throw DigestSender.NotOffered(startTls: false);
                }
            }

            return new Session(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        try
        {
            using var client = await ConnectAsync(smtp, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return null;
        }
        catch (OptionsValidationException ex)
        {
            // STARTTLS or a login not offered (DigestSender.NotOffered): its sentence names only keys.
            return string.Join(" ", ex.Failures);
        }
        catch (SslHandshakeException ex)
        {
            return $"The mail server (Digest:Smtp:Host) answered but TLS could not be set up ({ex.GetType().Name}); check {DigestSender.TlsSettings}. Digests wait in the outbox until it can.";
        }
        catch (Exception ex) when (DigestSender.IsDeliveryFailure(ex))
        {
            // The exception's type only: its message may name the server's own words. Nor the host and port: anyone who
            // reaches /health/ready reads this, and the admin has them in Digest:Smtp.
            return $"The mail server (Digest:Smtp:Host) did not answer ({ex.GetType().Name}); digests wait in the outbox until it does.";
        }
    }

    private static async Task<SmtpClient> ConnectAsync(SmtpSettings smtp, CancellationToken cancellationToken)
    {
        var security = smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(await ConnectNoDelayAsync(smtp, cancellationToken), smtp.Host ?? "", smtp.Port, security, cancellationToken);
            // Here rather than at AuthenticateAsync, so /health/ready, which never logs in (a probe every few seconds would
            // fill the server's log with logins, or lock the account), learns it too. The capabilities are those after
            // STARTTLS, as a server may offer AUTH only over TLS. Without AUTH, or with only mechanisms MailKit does not
            // speak, AuthenticateAsync would throw NotSupportedException.
            if (!string.IsNullOrEmpty(smtp.Username) && !client.AuthenticationMechanisms.Any(SaslMechanism.IsSupported))
            {
                throw DigestSender.NotOffered(startTls: false);
            }

            return client;
        }
        catch (NotSupportedException) when (security == SecureSocketOptions.StartTls)
        {
            client.Dispose();
            throw DigestSender.NotOffered(startTls: true);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The socket MailKit talks over, with Nagle's algorithm off: a message's last short write (the closing dot) otherwise
    /// waits for the server's delayed acknowledgement, about 40 ms per message, which was most of a 356-digest delivery.
    /// </summary>
    private static async Task<Socket> ConnectNoDelayAsync(SmtpSettings smtp, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(smtp.Timeout);
            await socket.ConnectAsync(smtp.Host ?? "", smtp.Port, timeout.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"No connection to the mail server within {smtp.Timeout}.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed class Session(SmtpClient client) : IDigestSession
    {
        public async Task SendAsync(MimeMessage message, string name, CancellationToken cancellationToken) =>
            await client.SendAsync(message, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    await client.DisconnectAsync(quit: true, CancellationToken.None);
                }
            }
            catch (Exception ex) when (DigestSender.IsDeliveryFailure(ex))
            {
                // Every accepted message is already marked sent; a failed QUIT changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>
/// Without an SMTP host the digests (and the failure alerts) are written as .eml files named by the message's name, atomically (a temporary file
/// renamed into place), so a relay or an admin never sees half a message; a file already there means it was delivered before.
/// </summary>
internal sealed class PickupFolderTransport(IOptions<DigestOptions> options) : IDigestTransport
{
    public Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        try
        {
            PrivateFile.Folder(Path.GetFullPath(options.Value.PickupPath));
            return Task.FromResult<string?>(null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<string?>($"The pickup folder Digest:PickupPath cannot be made ({ex.GetType().Name}); digests wait in the outbox until it can.");
        }
    }

    public Task<IDigestSession> OpenAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.Value.PickupPath);
        PrivateFile.Folder(folder);
        return Task.FromResult<IDigestSession>(new Session(folder));
    }

    /// <summary>
    /// A digest holds names and NIKs (in full for a recipient who may see them, SPEC 6): readable by the worker's user and its
    /// group, where a relay running as another user belongs, and not by every account on the server as the umask left it.
    /// </summary>
    private static FileStreamOptions RelayReadable()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 81920, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        }

        return options;
    }

    private sealed class Session(string folder) : IDigestSession
    {
        public async Task SendAsync(MimeMessage message, string name, CancellationToken cancellationToken)
        {
            var target = Path.Combine(folder, $"{name}.eml");
            if (File.Exists(target))
            {
                return;
            }

            var temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(target)}.{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var file = new FileStream(temporary, RelayReadable()))
                {
                    await message.WriteToAsync(DigestComposer.MimeFormat, file, cancellationToken);
                    await file.FlushAsync(cancellationToken);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, target, overwrite: false);
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
