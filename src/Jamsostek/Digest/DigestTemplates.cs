using System.Globalization;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;

namespace Jamsostek.Digest;

/// <summary>
/// The Fluid (Liquid) templates of Digest/Templates, embedded in the build, with filters that write numbers, money, rates and
/// dates the Indonesian way ("1.234", "Rp16.800", "85,3%", "23 November 2026") whatever the server's culture.
/// </summary>
public sealed class DigestTemplates
{
    public static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    private static readonly FluidParser Parser = new();
    private readonly TemplateOptions options;
    private readonly IFluidTemplate subject;
    private readonly IFluidTemplate html;
    private readonly IFluidTemplate text;

    public DigestTemplates()
    {
        options = new TemplateOptionsBuilder()
            .WithCultureInfo(Indonesian)
            .WithModelNamesComparer(StringComparers.SnakeCase)
            .AddFilter("angka", (input, _, context) => StringValue.Create(FormatNumber(input.ToNumberValue(context))))
            .AddFilter("rupiah", (input, _, context) => StringValue.Create(FormatRupiah(input.ToNumberValue(context))))
            .AddFilter("persen", (input, _, context) => StringValue.Create(input.IsNil() ? "–" : FormatPercent(input.ToNumberValue(context))))
            .AddFilter("poin", (input, _, context) => StringValue.Create(input.IsNil() ? "–" : FormatPointChange(input.ToNumberValue(context))))
            .AddFilter("tanggal", (input, _, context) => StringValue.Create(input.ToObjectValue(context) switch
            {
                DateTime date => FormatDate(DateOnly.FromDateTime(date)),
                DateTimeOffset instant => FormatDate(DateOnly.FromDateTime(instant.DateTime)),
                _ => "–",
            }))
            .Build();
        subject = Load("subject.liquid");
        html = Load("body.html.liquid");
        text = Load("body.txt.liquid");
    }

    public static string FormatNumber(decimal value) => value.ToString("#,0", Indonesian);

    public static string FormatRupiah(decimal value) => "Rp" + value.ToString("#,0", Indonesian);

    public static string FormatPercent(decimal fraction) => (Shown(fraction) * 100).ToString("0.0", Indonesian) + "%";

    /// <summary>
    /// The change between two rates as the email shows them (to 0.1%), or null: from the unrounded rates, 23.57% and
    /// 23.43%, shown as 23.6% and 23.4%, read "-0.1 poin" beside them.
    /// </summary>
    public static decimal? ShownChange(decimal? now, decimal? before) => now is { } n && before is { } b ? Shown(n) - Shown(b) : null;

    private static decimal Shown(decimal fraction) => Math.Round(fraction, 3, MidpointRounding.AwayFromZero);

    /// <summary>A change of rate in percentage points, signed: "+2,1 poin", "-0,4 poin", "0,0 poin".</summary>
    public static string FormatPointChange(decimal fraction)
    {
        var points = Math.Round(fraction * 100, 1, MidpointRounding.AwayFromZero);
        var sign = points > 0 ? "+" : points < 0 ? "-" : "";
        return sign + Math.Abs(points).ToString("0.0", Indonesian) + " poin";
    }

    public static string FormatDate(DateOnly date) => date.ToString("d MMMM yyyy", Indonesian);

    public async Task<(string Subject, string Html, string Text)> RenderAsync(DigestView view)
    {
        var context = new TemplateContext(view, options);
        var renderedSubject = await subject.RenderAsync(context, NullEncoder.Default);
        var renderedHtml = await html.RenderAsync(context, HtmlEncoder.Default);
        var renderedText = await text.RenderAsync(context, NullEncoder.Default);
        return (string.Join(' ', renderedSubject.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), renderedHtml, renderedText);
    }

    /// <summary>Renders any template source with the digest's filters and culture; for checking the filters themselves.</summary>
    public async Task<string> RenderSourceAsync(string source, object model)
    {
        if (!Parser.TryParse(source, out var template, out var error))
        {
            throw new InvalidOperationException($"Template does not parse: {error}");
        }

        return await template.RenderAsync(new TemplateContext(model, options), NullEncoder.Default);
    }

    private static IFluidTemplate Load(string name)
    {
        var path = $"Digest/Templates/{name}";
        using var stream = typeof(DigestTemplates).Assembly.GetManifestResourceStream(path)
            ?? throw new InvalidOperationException($"The digest template '{path}' is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The digest template '{path}' does not parse: {error}");
    }
}
