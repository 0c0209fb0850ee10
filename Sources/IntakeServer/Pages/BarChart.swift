/// A horizontal bar chart drawn on the server as inline SVG: no JavaScript, and readable printed in
/// black and white (black outlines, grey fill, every bar's figure written beside it). The figures are
/// also in a table on the page, which the chart names in its description for screen readers.
enum BarChart {
    struct Bar {
        let label: String
        let value: Int64
        /// What is written beside the bar ("12345.00 元").
        let valueText: String
    }

    static let width = 640, labelWidth = 150, valueWidth = 130, rowHeight = 26, barHeight = 16
    /// Labels longer than this are cut (the table holds them whole).
    static let longestLabel = 11

    /// `tableID`: the table on the page that holds the same figures.
    static func svg(id: String, title: String, bars: [Bar], tableID: String) -> String {
        let height = max(1, bars.count) * rowHeight + 6
        let barArea = width - labelWidth - valueWidth
        let largest = max(1, bars.map(\.value).max() ?? 1)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" id="\(id)" class="chart" viewBox="0 0 \(width) \(height)" width="100%" \
            role="img" aria-labelledby="\(id)-title \(id)-desc" font-size="13">\
            <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">各项数字见表“\(escape(title))”（#\(tableID)）。</desc>
            """
        for (row, bar) in bars.enumerated() {
            let y = row * rowHeight + 4
            let length = bar.value <= 0 ? 0 : max(1, Int((Double(bar.value) / Double(largest) * Double(barArea)).rounded()))
            let label = bar.label.count > longestLabel ? String(bar.label.prefix(longestLabel - 1)) + "…" : bar.label
            let textY = y + barHeight - 3
            svg += "<g class=\"bar\">"
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(textY)\" text-anchor=\"end\">\(escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(length)\" height=\"\(barHeight)\" fill=\"#999\" stroke=\"#000\" stroke-width=\"1\"/>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(textY)\">\(escape(bar.valueText))</text>"
            svg += "</g>\n"
        }
        return svg + "<line x1=\"\(labelWidth)\" y1=\"0\" x2=\"\(labelWidth)\" y2=\"\(height)\" stroke=\"#000\" stroke-width=\"1\"/></svg>"
    }

    /// Text and attribute values inside the SVG, escaped as the pages' templates escape them.
    static func escape(_ text: String) -> String { ScalarEscapedHTML().escapeText(text) }
}
