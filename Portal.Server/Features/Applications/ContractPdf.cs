using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Portal.Server.Features.Applications;

/// <summary>
/// The signed contract as a PDF: the stored text, line for line, then the signature evidence.
/// Latin text uses Helvetica and Chinese uses STSong-Light, the PDF standard fonts every viewer
/// supplies (Chinese through the reader's own CJK fonts, as Chinese PDFs commonly do), so nothing is
/// embedded and no font file ships with the portal. A ToUnicode map keeps the text copyable and searchable.
/// </summary>
public static class ContractPdf
{
    private const double PageWidth = 595.28, PageHeight = 841.89, Margin = 50, FontSize = 9.5, Leading = 13.5;
    private const double TextWidth = PageWidth - 2 * Margin;

    public static byte[] Render(string title, IEnumerable<string> lines)
    {
        var wrapped = lines.SelectMany(line => line.Split('\n')).SelectMany(Wrap).ToList();
        var perPage = (int)((PageHeight - 2 * Margin) / Leading);
        var pages = wrapped.Chunk(perPage).DefaultIfEmpty([]).ToList();

        var pdf = new Writer();
        // Objects 1–4: catalog, page tree, the two fonts (with the CJK font's parts after the pages).
        const int catalog = 1, pageTree = 2, latin = 3, chinese = 4, cidFont = 5, descriptor = 6, toUnicode = 7, info = 8;
        var firstPage = 9;
        pdf.Object(catalog, "<< /Type /Catalog /Pages 2 0 R >>");
        pdf.Object(pageTree, $"<< /Type /Pages /Kids [{string.Join(' ', pages.Select((_, i) => $"{firstPage + 2 * i} 0 R"))}] /Count {pages.Count} >>");
        pdf.Object(latin, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        pdf.Object(chinese, $"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [{cidFont} 0 R] /ToUnicode {toUnicode} 0 R >>");
        pdf.Object(cidFont, $"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor {descriptor} 0 R /DW 1000 >>");
        pdf.Object(descriptor, "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>");
        pdf.Stream(toUnicode, "", Encoding.ASCII.GetBytes(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def " +
            "/CMapName /Portal-UCS2 def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange " +
            "1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end"));
        pdf.Object(info, $"<< /Title {Utf16Literal(title)} /Producer (Portal) >>");

        for (var i = 0; i < pages.Count; i++)
        {
            var page = firstPage + 2 * i;
            pdf.Object(page, $"<< /Type /Page /Parent {pageTree} 0 R /MediaBox [0 0 {Num(PageWidth)} {Num(PageHeight)}] " +
                $"/Resources << /Font << /F1 {latin} 0 R /F2 {chinese} 0 R >> >> /Contents {page + 1} 0 R >>");
            pdf.Stream(page + 1, "/Filter /FlateDecode", Deflate(Content(pages[i], i + 1, pages.Count)));
        }
        return pdf.Finish(catalog, info);
    }

    private static byte[] Content(IReadOnlyList<string> lines, int number, int count)
    {
        var s = new StringBuilder();
        var y = PageHeight - Margin - FontSize;
        foreach (var line in lines.Append("").Append($"{number} / {count}"))
        {
            s.Append("BT ").Append(Num(Margin)).Append(' ').Append(Num(y)).Append(" Td ");
            foreach (var (isLatin, run) in Runs(line))
                s.Append(isLatin ? "/F1 " : "/F2 ").Append(Num(FontSize)).Append(" Tf ")
                    .Append(isLatin ? LatinString(run) : ChineseString(run)).Append(" Tj ");
            s.Append("ET\n");
            y -= Leading;
        }
        return Encoding.ASCII.GetBytes(s.ToString());
    }

    /// <summary>Breaks a line at spaces (or anywhere between Chinese characters) to fit the page.</summary>
    private static IEnumerable<string> Wrap(string line)
    {
        if (line.Length == 0) { yield return ""; yield break; }
        var start = 0;
        while (start < line.Length)
        {
            double width = 0;
            int end = start, lastBreak = -1;
            while (end < line.Length && width + Width(line[end]) <= TextWidth)
            {
                if (line[end] == ' ' || !IsLatin(line[end])) lastBreak = end;
                width += Width(line[end]);
                end++;
            }
            if (end < line.Length && lastBreak > start) end = line[lastBreak] == ' ' ? lastBreak : lastBreak + 1;
            yield return line[start..end];
            start = end < line.Length && line[end] == ' ' ? end + 1 : end;
        }
    }

    private static IEnumerable<(bool Latin, string Run)> Runs(string line)
    {
        var i = 0;
        while (i < line.Length)
        {
            var latin = IsLatin(line[i]);
            var j = i;
            while (j < line.Length && IsLatin(line[j]) == latin) j++;
            yield return (latin, line[i..j]);
            i = j;
        }
    }

    // WinAnsi bytes for the few non-ASCII characters the contract uses in Latin text.
    private static readonly Dictionary<char, byte> WinAnsi = new() { ['¥'] = 0xA5, ['—'] = 0x97, ['–'] = 0x96, ['·'] = 0xB7, ['€'] = 0x80, ['£'] = 0xA3 };

    private static bool IsLatin(char c) => c is >= ' ' and <= '~' || WinAnsi.ContainsKey(c);

    // Helvetica's advance widths (per 1000 em) for space to tilde; full-width for Chinese.
    private static readonly int[] Helvetica =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556,
        278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
        611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833,
        556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ];

    private static double Width(char c) => FontSize / 1000 * (c is >= ' ' and <= '~' ? Helvetica[c - ' '] : c == '—' ? 1000 : IsLatin(c) ? 556 : 1000);

    private static string LatinString(string run)
    {
        var s = new StringBuilder("(");
        foreach (var c in run)
        {
            if (c is '(' or ')' or '\\') s.Append('\\').Append(c);
            else if (c <= '~') s.Append(c);
            else s.Append('\\').Append(Convert.ToString(WinAnsi[c], 8).PadLeft(3, '0'));
        }
        return s.Append(')').ToString();
    }

    // Two bytes per character (UCS-2, big-endian); characters outside the BMP become a replacement mark.
    private static string ChineseString(string run) =>
        "<" + string.Concat(run.Select(c => char.IsSurrogate(c) ? "FFFD" : ((int)c).ToString("X4"))) + ">";

    private static string Utf16Literal(string text) => "<FEFF" + string.Concat(text.Select(c => ((int)c).ToString("X4"))) + ">";

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal)) z.Write(data);
        return output.ToArray();
    }

    /// <summary>Numbered objects, then the cross-reference table that points at each.</summary>
    private sealed class Writer
    {
        private readonly MemoryStream output = new();
        private readonly SortedDictionary<int, long> offsets = [];

        public Writer() => Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");

        public void Object(int number, string body)
        {
            offsets[number] = output.Position;
            Write($"{number} 0 obj\n{body}\nendobj\n");
        }

        public void Stream(int number, string dictionary, byte[] data)
        {
            offsets[number] = output.Position;
            Write($"{number} 0 obj\n<< /Length {data.Length} {dictionary} >>\nstream\n");
            output.Write(data);
            Write("\nendstream\nendobj\n");
        }

        public byte[] Finish(int root, int info)
        {
            var xref = output.Position;
            var count = offsets.Keys.Max() + 1;
            var table = new StringBuilder($"xref\n0 {count}\n0000000000 65535 f \n");
            for (var i = 1; i < count; i++) table.Append(offsets.TryGetValue(i, out var at) ? $"{at:D10} 00000 n \n" : "0000000000 65535 f \n");
            Write(table.ToString());
            Write($"trailer\n<< /Size {count} /Root {root} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n");
            return output.ToArray();
        }

        private void Write(string text) => output.Write(Encoding.Latin1.GetBytes(text));
    }
}
