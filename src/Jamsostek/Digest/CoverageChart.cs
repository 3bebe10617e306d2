using System.Globalization;
using ScottPlot;

namespace Jamsostek.Digest;

public sealed record TrendPoint(DateOnly WeekStart, DateOnly? AsOf, int People, int Covered)
{
    public decimal? Rate => People > 0 ? (decimal)Covered / People : null;
}

/// <summary>The digest's picture: the scope's coverage on the latest reconciled day of each of the last 12 weeks, as a PNG.</summary>
public static class CoverageChart
{
    public const int Width = 640;
    public const int Height = 280;

    public static byte[] Render(IReadOnlyList<TrendPoint> weeks, string scopeLabel)
    {
        using var plot = new Plot();
        var labels = weeks.Select(w => "M" + ISOWeek.GetWeekOfYear(w.WeekStart.ToDateTime(TimeOnly.MinValue)).ToString("D2", CultureInfo.InvariantCulture)).ToArray();
        var positions = Enumerable.Range(0, weeks.Count).Select(i => (double)i).ToArray();
        // Weeks without a reconciled day are left out of the line rather than drawn as zero coverage.
        var known = weeks.Select((w, i) => (Index: i, w.Rate)).Where(p => p.Rate is not null).ToArray();
        if (known.Length > 0)
        {
            var line = plot.Add.Scatter(known.Select(p => (double)p.Index).ToArray(), known.Select(p => (double)(p.Rate!.Value * 100)).ToArray());
            line.LineWidth = 2;
            line.MarkerSize = 7;
            line.Color = new Color(0, 104, 55);
        }

        plot.Axes.Bottom.SetTicks(positions, labels);
        plot.Axes.SetLimits(-0.5, Math.Max(weeks.Count - 0.5, 0.5), 0, 100);
        plot.Title($"Cakupan 12 minggu terakhir — {scopeLabel}", 13);
        plot.YLabel("% terlindungi", 12);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
