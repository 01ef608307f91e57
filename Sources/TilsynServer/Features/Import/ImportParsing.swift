import Foundation
import TilsynCore

/// Parsers for the values of import files, accepting what Norwegian spreadsheets produce
/// (decimal commas, Norwegian role and weekday names).
enum ImportParsing {
    static func decimal(_ text: String) -> Double? {
        Double(text.replacingOccurrences(of: ",", with: "."))
    }

    /// A roster shift: `dag`/`day`, `kveld`/`evening`, or `fri`/`off` (nil inside: a day off).
    static func shift(_ text: String) -> ShiftKind?? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "dag", "day", "d": .some(.day)
        case "kveld", "evening", "k": .some(.evening)
        case "fri", "off", "f", "-": .some(nil)
        default: nil
        }
    }

    static let roleNames: [String: StaffRole] = [
        "sykepleier": .nurse, "helsefagarbeider": .careWorker, "assistent": .assistant, "vikar": .substitute,
        "avdelingsleder": .departmentLeader, "enhetsleder": .unitLeader, "alarmoperatør": .alarmOperator,
        "saksbehandler": .allocationOfficer, "administrator": .admin,
    ]

    static func role(_ text: String) -> StaffRole? {
        let lowered = text.lowercased()
        return StaffRole(rawValue: text) ?? roleNames[lowered]
            ?? StaffRole.allCases.first { $0.rawValue.lowercased() == lowered }
    }

    /// Competences separated by `|`, `;` or `,`, by their English code or Norwegian name; blank is none.
    static func competences(_ text: String) -> Set<Competence>? {
        var result: Set<Competence> = []
        for part in text.split(whereSeparator: { "|;,".contains($0) }) {
            let name = part.trimmingCharacters(in: .whitespaces).lowercased()
            guard
                let competence = Competence.allCases.first(where: {
                    $0.rawValue.lowercased() == name || $0.displayName.nb.lowercased() == name
                })
            else { return nil }
            result.insert(competence)
        }
        return result
    }

    static func defaultCompetences(for role: StaffRole) -> Set<Competence> {
        switch role {
        case .nurse, .departmentLeader: Set(Competence.allCases)
        case .careWorker: [.personalCare, .practicalHelp]
        case .assistant, .substitute: [.practicalHelp]
        case .unitLeader, .alarmOperator, .allocationOfficer, .admin: []
        }
    }

    static func serviceType(_ text: String) -> ServiceType? {
        let lowered = text.lowercased()
        return ServiceType.allCases.first {
            $0.rawValue.lowercased() == lowered || $0.displayName.nb.lowercased() == lowered
        }
    }

    /// "07:30-10:00 19:00-21:00" (space, `;` or `|` between windows).
    static func windows(_ text: String) -> [TimeWindow]? {
        let parts = text.split(whereSeparator: { " ;|".contains($0) })
        guard !parts.isEmpty else { return nil }
        var windows: [TimeWindow] = []
        for part in parts {
            guard let window = TimeWindow(String(part)) else { return nil }
            windows.append(window)
        }
        return windows
    }

    /// Contacts from the optional columns relative_name/phone, gp_name/phone, case_worker_name/phone.
    static func contacts(_ row: CSVTable.Row) -> [Contact] {
        let columns: [(ContactKind, String)] = [
            (.relative, "relative"), (.generalPractitioner, "gp"), (.caseWorker, "case_worker"),
            (.caretaker, "caretaker"),
        ]
        return columns.compactMap { kind, prefix in
            let name = row["\(prefix)_name"]
            return name.isEmpty ? nil : Contact(kind: kind, name: name, phone: row["\(prefix)_phone"])
        }
    }

    /// The CSV column of a domain field ("address.postalCode" → "postal_code").
    static func column(for field: String) -> String {
        let last = field.split(separator: ".").last.map(String.init) ?? field
        var result = ""
        for character in last {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
