import Foundation

/// Numbers as people read them: a decimal comma in bokmål ("7,5"), a point in English.
enum NumberText {
    /// Whole numbers without decimals, others with one; `oneDecimal` always shows one ("5,0").
    static func format(_ value: Double, language: String, oneDecimal: Bool = false) -> String {
        let text =
            !oneDecimal && value == value.rounded() && abs(value) < 1e15
            ? String(Int(value)) : String(format: "%.1f", value)
        return language.hasPrefix("en") ? text : text.replacingOccurrences(of: ".", with: ",")
    }
}
