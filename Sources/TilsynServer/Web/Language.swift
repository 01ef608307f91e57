import Vapor

extension Request {
    /// The language of the answer: `?lang=` (which the page also remembers in a cookie), then the
    /// cookie, then the browser's Accept-Language; Norwegian bokmål unless English is asked for.
    var language: String {
        if let asked = query[String.self, at: "lang"], Catalogue.languages.contains(asked) { return asked }
        if let cookie = cookies["lang"]?.string, Catalogue.languages.contains(cookie) { return cookie }
        let accepted = headers.first(name: .acceptLanguage)?.lowercased() ?? ""
        if accepted.hasPrefix("en") { return "en" }
        return "nb"
    }
}
