import Vapor

/// A CSV file to download: `;`-separated (what Norwegian spreadsheets open), UTF-8 with a byte order
/// mark, CRLF lines, every field made safe by `AuditPagesController.csvField`.
enum CSVDownload {
    static func response(rows: [[String]], filename: String) -> Response {
        let body = rows.map { $0.map(AuditPagesController.csvField).joined(separator: ";") }.joined(separator: "\r\n")
        let response = Response(status: .ok, body: .init(string: "\u{FEFF}" + body + "\r\n"))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(filename)\"")
        return response
    }
}
