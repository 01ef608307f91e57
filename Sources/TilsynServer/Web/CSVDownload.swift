import Vapor

/// A CSV file to download: `;`-separated (what Norwegian spreadsheets open), UTF-8 with a byte order
/// mark, CRLF lines, every field made safe by `AuditPagesController.csvField`.
enum CSVDownload {
    static func response(rows: [[String]], filename: String) -> Response {
        let body = rows.map { $0.map(AuditPagesController.csvField).joined(separator: ";") }.joined(separator: "\r\n")
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + body + "\r\n"))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(
            name: .contentDisposition, value: "attachment; filename=\"\(safeFilename(filename))\"")
        return response
    }

    /// A file name that cannot break out of its header parameter: names come partly from data (a
    /// zone's name), so anything but ASCII letters, digits, dot, hyphen and underscore becomes `-`.
    static func safeFilename(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
        let cleaned = String(name.prefix(120).map { allowed.contains($0) ? $0 : "-" })
        return cleaned.isEmpty ? "tilsyn.csv" : cleaned
    }
}
