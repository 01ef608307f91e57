import Vapor

extension Request {
    /// The language of the answer: `?lang=` (which pages remember in a cookie), then the cookie.
    /// Pages are in Norwegian bokmål unless the user chose English, since many municipal tablets
    /// are set up in English; JSON API clients may also ask with `Accept-Language: en`.
    var language: String {
        if let asked = query[String.self, at: "lang"], Catalogue.languages.contains(asked) { return asked }
        if let cookie = cookies["lang"]?.string, Catalogue.languages.contains(cookie) { return cookie }
        if url.path.hasPrefix("/api/"), headers.first(name: .acceptLanguage)?.lowercased().hasPrefix("en") == true {
            return "en"
        }
        return "nb"
    }
}
