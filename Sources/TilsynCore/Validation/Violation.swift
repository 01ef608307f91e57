/// One broken rule of the domain: which field is at fault and why.
public struct Violation: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The field at fault, as named in the JSON API and CSV headers (`"windows[0]"`, `"staffCount"`).
    public var field: String
    /// A stable machine-readable code, e.g. `"window.endBeforeStart"`.
    public var code: String
    /// The explanation for a person.
    public var message: LocalizedText

    /// Creates a violation.
    public init(field: String, code: String, message: LocalizedText) {
        self.field = field
        self.code = code
        self.message = message
    }

    /// English text, for logs and tests.
    public var description: String { "\(field): \(message.en)" }
}

/// Several broken rules found together, so a form can show all of them at once.
public struct ValidationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broken rules, in the order they were found; never empty.
    public var violations: [Violation]

    /// Creates a failure from at least one violation.
    public init(_ violations: [Violation]) {
        precondition(!violations.isEmpty, "a validation failure needs a violation")
        self.violations = violations
    }

    /// English text of every violation.
    public var description: String { violations.map(\.description).joined(separator: "; ") }

    /// Throws a `ValidationFailure` when `violations` is not empty.
    public static func throwIfAny(_ violations: [Violation]) throws {
        if !violations.isEmpty { throw ValidationFailure(violations) }
    }
}
