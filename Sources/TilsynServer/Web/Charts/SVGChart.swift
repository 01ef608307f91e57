import Foundation

/// Small server-rendered SVG charts: no JavaScript, readable by screen readers through their title
/// and description, printable.
enum SVGChart {
    /// Escapes text for SVG/XML.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Horizontal bars, one per (label, value), with the value written at the end of the bar.
    static func bars(title: String, _ items: [(label: String, value: Int)], width: Int = 560) -> String {
        let rowHeight = 30
        let labelWidth = 170
        let maximum = max(1, items.map(\.value).max() ?? 1)
        let height = rowHeight * items.count + 10
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" "
            + "style=\"max-width:\(width)px\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">\(escape(title))</title>"
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 5
            let length = Int(Double(width - labelWidth - 50) * Double(item.value) / Double(maximum))
            svg += "<text x=\"0\" y=\"\(y + 19)\" font-size=\"14\" fill=\"#1b1f24\">\(escape(item.label))</text>"
            svg +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(length, 1))\" height=\"20\" fill=\"#0b5cad\" rx=\"3\"/>"
            svg +=
                "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 19)\" font-size=\"14\" fill=\"#1b1f24\">\(item.value)</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars with their own value text (a rate, a share), for values that are not counts.
    static func bars(
        title: String, measured items: [(label: String, value: Double, text: String)], width: Int = 560
    )
        -> String
    {
        let rowHeight = 30
        let labelWidth = 170
        let maximum = max(items.map(\.value).max() ?? 0, .leastNonzeroMagnitude)
        let height = rowHeight * items.count + 10
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" "
            + "style=\"max-width:\(width)px\"><title>\(escape(title))</title>"
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 5
            let length = Int(Double(width - labelWidth - 70) * item.value / maximum)
            svg += "<text x=\"0\" y=\"\(y + 19)\" font-size=\"14\" fill=\"#1b1f24\">\(escape(item.label))</text>"
            svg +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(length, 1))\" height=\"20\" fill=\"#0b5cad\" rx=\"3\"/>"
            svg +=
                "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 19)\" font-size=\"14\" fill=\"#1b1f24\">\(escape(item.text))</text>"
        }
        return svg + "</svg>"
    }

    /// A line of measured values over time with dashed baseline and target lines.
    static func series(
        title: String, values: [(date: String, value: Double)], baseline: Double, target: Double,
        labels: (baseline: String, target: String), width: Int = 320, height: Int = 120
    ) -> String {
        let all = values.map(\.value) + [baseline, target]
        let low = all.min() ?? 0
        let high = all.max() ?? 1
        let span = high - low == 0 ? 1 : high - low
        func y(_ value: Double) -> Double { Double(height - 15) - (value - low) / span * Double(height - 30) }
        func x(_ index: Int) -> Double {
            values.count <= 1 ? Double(width) / 2 : 10 + Double(index) * Double(width - 20) / Double(values.count - 1)
        }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" "
            + "height=\"\(height)\"><title>\(escape(title))</title>"
        for (value, color, label) in [(baseline, "#8a1c13", labels.baseline), (target, "#1d5e2a", labels.target)] {
            let level = String(format: "%.1f", y(value))
            let labelY = String(format: "%.1f", y(value) - 3)
            svg +=
                "<line x1=\"0\" x2=\"\(width)\" y1=\"\(level)\" y2=\"\(level)\" stroke=\"\(color)\" stroke-dasharray=\"4 3\"/>"
            svg += "<text x=\"2\" y=\"\(labelY)\" font-size=\"10\" fill=\"\(color)\">\(escape(label))</text>"
        }
        if !values.isEmpty {
            let points = values.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element.value)) }
            svg +=
                "<polyline fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>"
            for (index, point) in values.enumerated() {
                svg += String(
                    format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#0b5cad\"/>", x(index), y(point.value))
            }
        }
        return svg + "</svg>"
    }
}
