using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Dapper;
using Hangfire;
using Hangfire.Storage;
using Jamsostek.Jobs;
using Jamsostek.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Jamsostek.Tests.Hosting;

[Collection(HangfireHostCollection.Name)]
public sealed partial class DashboardAccessTests : IAsyncLifetime
{
    private const string ProbeJobId = "dashboard-access-probe";
    private const string CertificatePassword = "kata-sandi-sertifikat";
    private TestDatabase database = null!;
    private RunningWorker worker = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        worker = await RunningWorker.StartAsync(database, new Dictionary<string, string?> { ["Jobs:WorkerCount"] = "1" });
        // A recurring job that is never due on its own, so only a trigger from the dashboard can enqueue it.
        worker.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<ProbeJob>(ProbeJobId, j => j.RunAsync(), Cron.Never());
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Anonymous_requests_get_401_with_a_basic_challenge()
    {
        using var client = worker.Client();

        var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_gets_401()
    {
        using var client = worker.Client("admin", "not-the-password");

        var response = await client.GetAsync(new Uri("/hangfire", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("admin", RunningWorker.AdminPassword)]
    [InlineData("reader", RunningWorker.ReaderPassword)]
    public async Task Configured_users_can_look_at_the_dashboard(string user, string password)
    {
        using var client = worker.Client(user, password);

        var response = await client.GetAsync(new Uri("/hangfire/recurring", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(ProbeJobId, page, StringComparison.Ordinal);
        // The night's jobs by what they do, not as PullRosterUpdatesJob.RunAsync; no link back to a site the worker has not.
        Assert.Contains("Pull roster updates: OpenSID feeds, then the roster inbox", page, StringComparison.Ordinal);
        Assert.Contains("Sync membership: the BPJS files in the membership inbox", page, StringComparison.Ordinal);
        Assert.Contains("Send the weekly digest", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Back to site", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_user_cannot_trigger_a_recurring_job()
    {
        using var client = worker.Client("reader", RunningWorker.ReaderPassword);

        var response = await TriggerAsync(client, withAntiforgeryToken: true);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(LastExecution());
    }

    [Theory]
    [InlineData("/hangfire/recurring/remove", "recurring")]
    [InlineData("/hangfire/jobs/scheduled/enqueue", "job")]
    [InlineData("/hangfire/jobs/scheduled/delete", "job")]
    [InlineData("/hangfire/jobs/failed/requeue", "job")]
    [InlineData("/hangfire/jobs/enqueued/delete", "job")]
    [InlineData("/hangfire/jobs/actions/delete/{id}", "none")]
    [InlineData("/hangfire/jobs/actions/requeue/{id}", "none")]
    public async Task A_read_only_user_cannot_remove_delete_or_requeue_anything(string path, string form)
    {
        var jobId = worker.Services.GetRequiredService<IBackgroundJobClient>().Schedule<ProbeJob>(j => j.RunAsync(), TimeSpan.FromDays(1));
        using var client = worker.Client("reader", RunningWorker.ReaderPassword);
        var page = await client.GetStringAsync(new Uri("/hangfire/jobs/scheduled", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path.Replace("{id}", jobId, StringComparison.Ordinal), UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(form switch
            {
                "recurring" => [new KeyValuePair<string, string>("jobs[]", ProbeJobId)],
                "job" => [new KeyValuePair<string, string>("jobs[]", jobId)],
                _ => [],
            }),
        };
        request.Headers.Add(AntiforgeryHeader().Match(page).Groups[1].Value, WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value));

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var connection = worker.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("Scheduled", connection.GetJobData(jobId)?.State);
        Assert.Single(connection.GetRecurringJobs([ProbeJobId]), j => !j.Removed);
    }

    [Fact]
    public async Task An_admin_can_trigger_a_recurring_job()
    {
        using var client = worker.Client("admin", RunningWorker.AdminPassword);

        var response = await TriggerAsync(client, withAntiforgeryToken: true);

        Assert.True(response.IsSuccessStatusCode, $"admin trigger answered {(int)response.StatusCode}");
        Assert.NotNull(LastExecution());
    }

    [Fact]
    public async Task A_cross_site_post_without_the_antiforgery_token_is_refused_even_with_admin_credentials()
    {
        using var client = worker.Client("admin", RunningWorker.AdminPassword);

        var response = await TriggerAsync(client, withAntiforgeryToken: false);

        Assert.False(response.IsSuccessStatusCode, $"forged trigger answered {(int)response.StatusCode}");
        Assert.Null(LastExecution());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999999999999")]
    public async Task An_address_whose_job_id_is_no_number_answers_404_with_a_sentence_where_it_answered_a_blank_500(string id)
    {
        using var client = worker.Client("admin", RunningWorker.AdminPassword);

        var page = await client.GetAsync(new Uri($"/hangfire/jobs/details/{id}", UriKind.Relative));
        var requeue = await PostWithTokenAsync(client, $"/hangfire/jobs/actions/requeue/{id}");
        var delete = await PostWithTokenAsync(client, $"/hangfire/jobs/actions/delete/{id}");

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { page.StatusCode, requeue.StatusCode, delete.StatusCode });
        Assert.Equal(
            "No background job has the id in this address: a job id is a whole number, as in the dashboard's own links.\n",
            await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_well_formed_id_of_no_job_keeps_Hangfires_own_page_and_a_reader_posting_an_id_that_is_no_number_is_still_refused()
    {
        using var admin = worker.Client("admin", RunningWorker.AdminPassword);
        using var reader = worker.Client("reader", RunningWorker.ReaderPassword);

        var page = await admin.GetAsync(new Uri("/hangfire/jobs/details/987654321", UriKind.Relative));
        var requeue = await PostWithTokenAsync(reader, "/hangfire/jobs/actions/requeue/abc");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Background job &#39;987654321&#39; has expired or could not be found on the server.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, requeue.StatusCode);
    }

    /// <remarks>
    /// Where Hangfire reads the address's id, anyone signed in gets the sentence (a reader may open a job's page); where it
    /// would not read it, its own answer stands: the address as Hangfire routes it (a trailing slash dropped), a GET of an
    /// action (405), a POST without the antiforgery token (403).
    /// </remarks>
    [Fact]
    public async Task A_job_address_whose_id_is_no_number_is_answered_where_Hangfire_would_read_the_id_and_left_to_Hangfire_elsewhere()
    {
        using var admin = worker.Client("admin", RunningWorker.AdminPassword);
        using var reader = worker.Client("reader", RunningWorker.ReaderPassword);

        var readersPage = await reader.GetAsync(new Uri("/hangfire/jobs/details/abc", UriKind.Relative));
        var trailingSlash = await admin.GetAsync(new Uri("/hangfire/jobs/details/987654321/", UriKind.Relative));
        var getOfAnAction = await admin.GetAsync(new Uri("/hangfire/jobs/actions/requeue/abc", UriKind.Relative));
        using var forged = await admin.PostAsync(new Uri("/hangfire/jobs/actions/delete/abc", UriKind.Relative), new FormUrlEncodedContent([]));

        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.MethodNotAllowed, HttpStatusCode.Forbidden],
            new[] { readersPage.StatusCode, trailingSlash.StatusCode, getOfAnAction.StatusCode, forged.StatusCode });
        Assert.Equal(
            "No background job has the id in this address: a job id is a whole number, as in the dashboard's own links.\n",
            await readersPage.Content.ReadAsStringAsync());
        Assert.Contains("Background job &#39;987654321&#39; has expired or could not be found on the server.", await trailingSlash.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <remarks>A scheduled job's id first, then one that is no number: Hangfire acted on the first before the second's 500.</remarks>
    [Theory]
    [InlineData("/hangfire/jobs/scheduled/enqueue", "abc")]
    [InlineData("/hangfire/jobs/scheduled/delete", "99999999999999999999")]
    [InlineData("/hangfire/jobs/failed/requeue", "abc")]
    [InlineData("/hangfire/jobs/failed/delete", "12a")]
    [InlineData("/hangfire/jobs/enqueued/requeue", "")]
    [InlineData("/hangfire/jobs/deleted/requeue", "abc")]
    public async Task A_bulk_action_with_an_id_that_is_no_number_answers_400_with_a_sentence_and_changes_no_job_where_it_answered_a_blank_500(string path, string id)
    {
        var jobId = worker.Services.GetRequiredService<IBackgroundJobClient>().Schedule<ProbeJob>(j => j.RunAsync(), TimeSpan.FromDays(1));
        using var client = worker.Client("admin", RunningWorker.AdminPassword);

        var response = await PostWithTokenAsync(client, path, jobId, id);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            "The form's jobs[] holds an id that is no job id: a job id is a whole number, as the dashboard's own lists send; no job was changed.\n",
            await response.Content.ReadAsStringAsync());
        using var connection = worker.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("Scheduled", connection.GetJobData(jobId)?.State);
    }

    [Fact]
    public async Task A_bulk_action_with_an_id_that_is_no_number_is_still_refused_to_a_reader_and_without_the_antiforgery_token_and_well_formed_ids_still_act()
    {
        var jobs = worker.Services.GetRequiredService<IBackgroundJobClient>();
        var (kept, enqueued) = (jobs.Schedule<ProbeJob>(j => j.RunAsync(), TimeSpan.FromDays(1)), jobs.Schedule<ProbeJob>(j => j.RunAsync(), TimeSpan.FromDays(1)));
        using var admin = worker.Client("admin", RunningWorker.AdminPassword);
        using var reader = worker.Client("reader", RunningWorker.ReaderPassword);

        var read = await PostWithTokenAsync(reader, "/hangfire/jobs/scheduled/enqueue", kept, "abc");
        using var forged = await admin.PostAsync(
            new Uri("/hangfire/jobs/scheduled/enqueue", UriKind.Relative),
            new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", kept), new KeyValuePair<string, string>("jobs[]", "abc")]));
        var acted = await PostWithTokenAsync(admin, "/hangfire/jobs/scheduled/enqueue", enqueued);

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.NoContent],
            new[] { read.StatusCode, forged.StatusCode, acted.StatusCode });
        using var connection = worker.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Equal("Scheduled", connection.GetJobData(kept)?.State);
        Assert.NotEqual("Scheduled", connection.GetJobData(enqueued)?.State);
    }

    [Fact]
    public async Task A_dashboard_page_served_by_one_server_triggers_a_job_through_another_server_of_the_regency()
    {
        var (response, logs) = await TriggerThroughAnotherServerAsync(new Dictionary<string, string?>());

        Assert.True(response.IsSuccessStatusCode, $"the second server answered {(int)response.StatusCode} to the first's form");
        Assert.NotNull(LastExecution(PullRosterUpdatesJob.Id));
        // Without a certificate each server says once, as it starts, that the keys are in the clear.
        Assert.All(logs, log => Assert.Single(Regex.Matches(log, "are stored unencrypted in the database")));
    }

    [Fact]
    public async Task With_a_certificate_the_keys_are_encrypted_in_the_database_and_another_server_with_the_same_file_accepts_the_firsts_form()
    {
        var folder = Directory.CreateTempSubdirectory("jamsostek-certificate-");
        try
        {
            var certificate = Path.Combine(folder.FullName, "data-protection.pfx");
            await File.WriteAllBytesAsync(certificate, TestCertificate.Pfx(CertificatePassword));

            var (response, logs) = await TriggerThroughAnotherServerAsync(new Dictionary<string, string?>
            {
                ["Dashboard:DataProtection:CertificatePath"] = certificate,
                ["Dashboard:DataProtection:CertificatePassword"] = CertificatePassword,
            });

            Assert.True(response.IsSuccessStatusCode, $"the second server answered {(int)response.StatusCode} to the first's form");
            Assert.NotNull(LastExecution(PullRosterUpdatesJob.Id));
            await using var connection = await database.DataSource.OpenConnectionAsync();
            var rows = (await connection.QueryAsync<string>("SELECT xml FROM dashboard.data_protection_key ORDER BY id")).Select(XElement.Parse).ToList();
            var revoked = rows.Where(e => e.Name == "revocation").Select(e => (string?)e.Element("key")?.Attribute("id")).ToHashSet();
            var keys = rows.Where(e => e.Name == "key").ToList();
            // The key the test's own host made at its start, before the certificate, in the clear: revoked, not used on.
            Assert.Contains("masterKey", keys[0].ToString(), StringComparison.Ordinal);
            Assert.Contains((string?)keys[0].Attribute("id"), revoked);
            // The others, the servers', are ASP.NET Core's keys with their secret wrapped for the certificate's RSA key. The
            // form's key was made by one of the two servers and used by both, so the other read it from here and decrypted it.
            var current = keys.Where(k => !revoked.Contains((string?)k.Attribute("id"))).Select(k => k.ToString()).ToList();
            Assert.NotEmpty(current);
            Assert.All(current, xml => Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal));
            Assert.All(current, xml => Assert.Contains("EncryptedData", xml, StringComparison.Ordinal));
            Assert.All(current, xml => Assert.DoesNotContain("masterKey", xml, StringComparison.Ordinal));
            Assert.All(logs, log => Assert.DoesNotContain("are stored unencrypted in the database", log, StringComparison.Ordinal));
            Assert.Contains(logs, log => log.Contains("Revoked 1 dashboard data protection key(s) stored unencrypted", StringComparison.Ordinal));
            Assert.All(logs, log => Assert.DoesNotContain(CertificatePassword, log, StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_new_certificate_makes_new_keys_and_the_dashboards_forms_work_on()
    {
        var folder = Directory.CreateTempSubdirectory("jamsostek-certificate-");
        try
        {
            var answers = new List<bool>();
            foreach (var file in new[] { "old.pfx", "new.pfx" })
            {
                var certificate = Path.Combine(folder.FullName, file);
                await File.WriteAllBytesAsync(certificate, TestCertificate.Pfx(CertificatePassword));
                await using var server = await RunningWorker.StartAsync(database, new Dictionary<string, string?>
                {
                    ["Dashboard:DataProtection:CertificatePath"] = certificate,
                    ["Dashboard:DataProtection:CertificatePassword"] = CertificatePassword,
                });
                using var client = server.Client("admin", RunningWorker.AdminPassword);
                answers.Add((await TriggerAsync(client, withAntiforgeryToken: true)).IsSuccessStatusCode);
            }

            // The old certificate's key cannot be read with the new one: the server made a key of its own and went on.
            Assert.Equal([true, true], answers);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Two machines behind one address, each process with a home folder of its own (where ASP.NET Core would keep its keys):
    /// the page, its token and its antiforgery cookie from the first server, the trigger posted to the second. A job both
    /// know: the probe's type is the test's, which the worker processes cannot load. Returns the second's answer and each
    /// server's log.
    /// </summary>
    private async Task<(HttpResponseMessage Response, List<string> Logs)> TriggerThroughAnotherServerAsync(IDictionary<string, string?> extra)
    {
        var homes = new[] { Directory.CreateTempSubdirectory("jamsostek-home-"), Directory.CreateTempSubdirectory("jamsostek-home-") };
        var addresses = homes.Select(_ => new Uri($"http://127.0.0.1:{LoopbackPort.Free()}")).ToArray();
        var servers = homes.Zip(addresses, (home, address) =>
        {
            var settings = database.Settings(WorkerProcess.ServeSettings(urls: address.ToString().TrimEnd('/')));
            settings["HOME"] = home.FullName;
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }

            return WorkerProcess.Start(["serve"], settings);
        }).ToList();
        // serve logs to stdout; stderr is read too, so that no pipe fills and stops a server.
        var logs = servers.Select(s => s.StandardOutput.ReadToEndAsync()).ToList();
        var outputs = servers.Select(s => s.StandardError.ReadToEndAsync()).ToList();
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        try
        {
            var clients = addresses.Select(address => Admin(new HttpClient(handler, disposeHandler: false) { BaseAddress = address })).ToList();
            foreach (var client in clients)
            {
                await Eventually.ReturnsAsync(
                    async () => servers.Any(s => s.HasExited) || (await Live(client)),
                    up => up);
            }

            Assert.DoesNotContain(servers, s => s.HasExited);
            var response = await TriggerAsync(clients[0], withAntiforgeryToken: true, postTo: clients[1], jobId: PullRosterUpdatesJob.Id);
            return (response, [.. await StopAsync()]);
        }
        finally
        {
            await StopAsync();
            await Task.WhenAll(outputs);
            foreach (var server in servers)
            {
                server.Dispose();
            }

            foreach (var home in homes)
            {
                home.Delete(recursive: true);
            }
        }

        async Task<string[]> StopAsync()
        {
            foreach (var server in servers.Where(s => !s.HasExited))
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }

            return await Task.WhenAll(logs);
        }
    }

    private static HttpClient Admin(HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"admin:{RunningWorker.AdminPassword}")));
        return client;
    }

    private static async Task<bool> Live(HttpClient client)
    {
        try
        {
            return (await client.GetAsync(new Uri("/health/live", UriKind.Relative))).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<HttpResponseMessage> TriggerAsync(HttpClient client, bool withAntiforgeryToken, HttpClient? postTo = null, string jobId = ProbeJobId)
    {
        var page = await client.GetStringAsync(new Uri("/hangfire/recurring", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/hangfire/recurring/trigger", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("jobs[]", jobId)]),
        };
        if (withAntiforgeryToken)
        {
            var header = AntiforgeryHeader().Match(page);
            var token = AntiforgeryToken().Match(page);
            Assert.True(header.Success && token.Success, "the dashboard page carries no antiforgery token");
            request.Headers.Add(header.Groups[1].Value, WebUtility.HtmlDecode(token.Groups[1].Value));
        }

        return await (postTo ?? client).SendAsync(request);
    }

    /// <summary>
    /// A POST as the dashboard's own buttons make it: with the antiforgery token of one of its pages, and the ids of a bulk
    /// action's form (<c>jobs[]</c>), if any.
    /// </summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(HttpClient client, string path, params string[] jobIds)
    {
        var page = await client.GetStringAsync(new Uri("/hangfire/jobs/scheduled", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([.. jobIds.Select(id => new KeyValuePair<string, string>("jobs[]", id))]),
        };
        request.Headers.Add(AntiforgeryHeader().Match(page).Groups[1].Value, WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value));
        return await client.SendAsync(request);
    }

    private string? LastExecution(string jobId = ProbeJobId)
    {
        using var connection = worker.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs([jobId]).Single().LastJobId;
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public sealed class ProbeJob
    {
        public Task RunAsync() => Task.CompletedTask;
    }
}
