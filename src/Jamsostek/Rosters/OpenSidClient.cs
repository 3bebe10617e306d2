using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jamsostek.Regions;
using Microsoft.Extensions.Options;

namespace Jamsostek.Rosters;

/// <summary>
/// OpenSID's "database gabungan" API (SPEC 2.2): <c>GET {baseUrl}/api/v1/penduduk</c>, JSON:API pages, filtered by desa and
/// occupation, Sanctum bearer token. Retries, time-outs and the circuit breaker live in the named client's resilience handler.
/// </summary>
public sealed class OpenSidClient(IHttpClientFactory httpClientFactory, IOptions<RostersOptions> options)
{
    public const string HttpClientName = "opensid";

    // A list that keeps changing while it is paged (an operator entering data all the while) is read again at most this
    // often before the desa's pull fails, to be pulled again next run.
    private const int MaxReadings = 3;

    /// <summary>
    /// Every resident of the desa with the occupation, page by page; one page is in memory at a time. A record may come
    /// more than once (a page boundary moved, or the list was read again after it changed): callers drop repeats by
    /// <see cref="OpenSidPenduduk.Id"/>. Throws <see cref="OpenSidOtherDesaException"/> at the first record of another desa.
    /// </summary>
    public async IAsyncEnumerable<OpenSidPenduduk> PendudukAsync(
        RosterFeedOptions feed,
        string kodeDesa,
        int pekerjaanId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = httpClientFactory.CreateClient(HttpClientName);
        var pageSize = options.Value.PageSize;
        var asked = RegionCode.Digits(kodeDesa);
        for (var reading = 1; ; reading++)
        {
            string? previousPage = null;
            long? firstTotal = null;
            for (var page = 1; ; page++)
            {
                var url = new Uri(
                    $"{feed.BaseUrl.TrimEnd('/')}/api/v1/penduduk?filter[kode_desa]={kodeDesa}&filter[pekerjaan_id]={pekerjaanId.ToString(CultureInfo.InvariantCulture)}"
                    + $"&page[number]={page.ToString(CultureInfo.InvariantCulture)}&page[size]={pageSize.ToString(CultureInfo.InvariantCulture)}");
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", feed.Token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.api+json"));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var document = await JsonSerializer.DeserializeAsync<JsonApiPage>(body, JsonOptions, cancellationToken)
                    ?? throw new JsonException("The page is empty.");
                var data = document.Data ?? throw new JsonException("The page has no data member.");
                // Pages are cut by offset: when a resident joins or leaves the list between two pages, the others move
                // across the boundary and one is passed over, and made to leave the desa until the next pull. The total
                // each page states shows the change; the list is read again, and what was read before comes twice.
                var total = document.Meta?.Pagination?.Total is { ValueKind: JsonValueKind.Number } stated && stated.TryGetInt64(out var count) ? count : (long?)null;
                if (page == 1)
                {
                    firstTotal = total;
                }
                else if (total is { } now && firstTotal is { } before && now != before)
                {
                    if (reading == MaxReadings)
                    {
                        throw new JsonException(
                            $"The list changed while it was paged, {MaxReadings.ToString(CultureInfo.InvariantCulture)} times running (meta.pagination.total {before.ToString(CultureInfo.InvariantCulture)}, then {now.ToString(CultureInfo.InvariantCulture)} on page {page.ToString(CultureInfo.InvariantCulture)}), so a resident may have been passed over.");
                    }

                    break;
                }

                // A server that ignores page[number] answers page 1 again and again, each with a next link: paged forever. A
                // resident is on one page only, so a page equal to the one before is that server.
                var content = string.Join('\u001E', data.Select(r => string.Join('\u001F', r.Attributes?.Select(a => $"{a.Key}={a.Value.GetRawText()}") ?? [])));
                if (data.Count > 0 && content == previousPage)
                {
                    throw new JsonException($"Page {page.ToString(CultureInfo.InvariantCulture)} repeats the page before it: the server ignores page[number].");
                }

                previousPage = content;
                foreach (var resource in data)
                {
                    var penduduk = OpenSidPenduduk.From(resource.Id, resource.Attributes);
                    // A server that ignores filter[kode_desa] sends the whole database: filed under the desa asked for,
                    // every resident of the regency would join it and leave their own.
                    if (penduduk.KodeDesa is { Length: > 0 } sent && sent != asked)
                    {
                        throw new OpenSidOtherDesaException(asked, sent);
                    }

                    yield return penduduk;
                }

                if (IsLastPage(document, page, data.Count, pageSize))
                {
                    yield break;
                }
            }
        }
    }

    private static bool IsLastPage(JsonApiPage document, int page, int count, int pageSize)
    {
        if (count == 0)
        {
            return true;
        }

        if (document.Meta?.Pagination is { TotalPages: > 0 } pagination)
        {
            return page >= pagination.TotalPages;
        }

        if (document.Links is { } links && links.TryGetValue("next", out var next))
        {
            return next.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;
        }

        return count < pageSize;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record JsonApiPage(
        List<JsonApiResource>? Data,
        JsonApiMeta? Meta,
        Dictionary<string, JsonElement>? Links);

    private sealed record JsonApiResource(string? Type, JsonElement Id, Dictionary<string, JsonElement>? Attributes);

    private sealed record JsonApiMeta(JsonApiPagination? Pagination);

    // total is only compared between pages: read as it comes, so that a server writing it oddly still pages as before.
    private sealed record JsonApiPagination([property: JsonPropertyName("total_pages")] int TotalPages, JsonElement? Total);
}

/// <summary>The tweb_penduduk attributes this service reads (SPEC 2.2), as text whatever JSON type the server used.</summary>
public sealed record OpenSidPenduduk(string? Nik, string? Nama, string? Sex, string? TanggalLahir, int? PekerjaanId, string? StatusDasar)
{
    /// <summary>The JSON:API resource id (tweb_penduduk.id): one record, however often it was sent.</summary>
    public string? Id { get; init; }

    /// <summary>
    /// The desa code the record carries, its separators dropped, or null when it carries none (a server that does not send
    /// it). The gabungan API sends the resident's desa (OpenSID's config row) as <c>config</c>, whose <c>kode_desa</c>
    /// OpenSID keeps as digits; a flat <c>kode_desa</c> attribute is read too.
    /// </summary>
    public string? KodeDesa { get; init; }

    /// <summary>status_dasar 1 is alive and resident; anything else means the person has left the roster (SPEC 2.2).</summary>
    public bool IsResident => StatusDasar is null or "" or "1";

    internal static OpenSidPenduduk From(JsonElement resourceId, Dictionary<string, JsonElement>? attributes)
    {
        if (attributes is null)
        {
            throw new JsonException("A resource has no attributes.");
        }

        var pekerjaan = Text(attributes, "pekerjaan_id");
        return new OpenSidPenduduk(
            Text(attributes, "nik"),
            Text(attributes, "nama"),
            Text(attributes, "sex"),
            Text(attributes, "tanggallahir"),
            int.TryParse(pekerjaan, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null,
            Text(attributes, "status_dasar"))
        {
            // Fractal writes a missing id as "": every record would be the first one's repeat.
            Id = resourceId.ValueKind switch
            {
                JsonValueKind.String => StringOf(resourceId, "id") is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text : null,
                JsonValueKind.Number => resourceId.GetRawText(),
                _ => null,
            },
            KodeDesa = KodeDesaOf(attributes),
        };
    }

    private static string? KodeDesaOf(Dictionary<string, JsonElement> attributes)
    {
        var code = Text(attributes, "kode_desa");
        if (string.IsNullOrWhiteSpace(code)
            && attributes.TryGetValue("config", out var config)
            && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("kode_desa", out var kode))
        {
            code = kode.ValueKind switch
            {
                JsonValueKind.String => StringOf(kode, "config.kode_desa"),
                JsonValueKind.Number => kode.GetRawText(),
                _ => null,
            };
        }

        return RegionCode.Digits(code) is { Length: > 0 } digits ? digits : null;
    }

    private static string? Text(Dictionary<string, JsonElement> attributes, string name) =>
        attributes.TryGetValue(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => StringOf(value, name),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => value.GetRawText(),
            }
            : null;

    // An escape such as "\ud800" alone parses but is no character: a broken answer that fails this desa's pull, not the
    // whole run. The message names the attribute, never its text.
    private static string? StringOf(JsonElement value, string name)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException($"The attribute {name} of a resource is not text: it holds an unpaired UTF-16 surrogate escape.", ex);
        }
    }
}

/// <summary>
/// The server sent a record of another desa than the one asked for: it ignores <c>filter[kode_desa]</c> (or its OpenSID
/// version does not know it). A setting to correct, not a failure the next run may mend. The message names desa codes only.
/// </summary>
public sealed class OpenSidOtherDesaException(string kodeDesaAsked, string kodeDesaSent)
    : Exception($"The server sent a record of desa {kodeDesaSent} when asked for desa {kodeDesaAsked}: it ignores filter[kode_desa].")
{
    public string KodeDesaSent { get; } = kodeDesaSent;
}
