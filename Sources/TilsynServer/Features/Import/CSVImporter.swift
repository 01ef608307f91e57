import Fluent
import Foundation
import TilsynCore

/// Imports zones, staff, recipients, decisions or measures from CSV, all or nothing: every row is
/// checked first (rules, references to the database and to earlier rows), and only a file without
/// problems is written, in one transaction.
public struct CSVImporter {
    let database: any Database
    let context: ChangeContext
    /// Who imports: staff rows may only carry roles this grantor may give (`RoleGrants`). The
    /// command line may give any.
    let grantor: Grantor

    init(database: any Database, author: String, grantor: Grantor = .commandLine) {
        self.database = database
        self.context = ChangeContext(author: author, reason: "Importert fra CSV")
        self.grantor = grantor
    }

    /// Checks and writes `text` as `kind`; throws `ImportError` and writes nothing if any row is bad.
    func run(_ kind: ImportKind, text: String) async throws -> ImportSummary {
        let table: CSVTable
        do {
            table = try CSVTable(parsing: text)
            try table.require(columns: kind.requiredColumns)
        } catch {
            throw ImportError(problems: [.init(line: error.line, column: nil, reason: error.reason)])
        }
        var rows = RowChecker(table: table)
        let lookups = try await ImportLookups.load(from: database)
        let write: @Sendable (any Database) async throws -> Void
        switch kind {
        case .zones: write = try await zones(table, &rows)
        case .staff:
            let units = try await ZoneModel.query(on: database).all().reduce(into: [UUID: UUID]()) {
                $0[$1.id!] = $1.$unit.id
            }
            write = staff(table, lookups, units, &rows)
        case .recipients: write = recipients(table, lookups, &rows)
        case .decisions: write = decisions(table, lookups, &rows)
        case .measures: write = measures(table, lookups, &rows)
        case .roster: write = try await roster(table, &rows)
        }
        if !rows.problems.isEmpty {
            throw ImportError(problems: Array(rows.problems.prefix(ImportError.maximumReported)))
        }
        try await database.writeTransaction { try await write($0) }
        return ImportSummary(kind: kind, imported: table.rows.count)
    }

    // MARK: Roster

    /// Who works which shift on which date (for example exported from the municipality's rostering
    /// system): a shift equal to the rotation's removes a change, any other is stored as one.
    private func roster(
        _ table: CSVTable, _ rows: inout RowChecker
    ) async throws
        -> @Sendable (any Database) async throws
        -> Void
    {
        let staff = try await RosterStore(database: database).staff(inZones: nil)
        let byNumber = Dictionary(staff.map { ($0.employeeNumber, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<String>()
        var shifts: [UUID?: [(staffID: UUID, date: LocalDate, shift: ShiftKind?)]] = [:]
        for row in table.rows {
            guard let number = rows.required(row, "employee_number") else { continue }
            guard let member = byNumber[number] else {
                rows.fail(row, "employee_number", "no staff member on the roster has the employee number '\(number)'")
                continue
            }
            guard let date = rows.parse(row, "date", as: "a date (YYYY-MM-DD)", LocalDate.init),
                let shift = rows.parse(row, "shift", as: "a shift (dag, kveld or fri)", ImportParsing.shift)
            else { continue }
            if !seen.insert("\(number) \(date)").inserted {
                rows.fail(row, "date", "\(number) has \(date) on an earlier line too")
                continue
            }
            shifts[member.zoneID, default: []].append((member.id, date, shift))
        }
        // The rotation is counted within each zone's staff.
        let zoneStaff = Dictionary(grouping: staff, by: \.zoneID)
        return { [shifts, zoneStaff] database in
            for (zone, zoneShifts) in shifts {
                try await RosterStore(database: database).write(zoneShifts, zoneStaff: zoneStaff[zone] ?? [], by: nil)
            }
        }
    }

    // MARK: Zones

    private func zones(
        _ table: CSVTable, _ rows: inout RowChecker
    ) async throws
        -> @Sendable (any Database) async throws
        -> Void
    {
        let municipality = try await MunicipalityModel.query(on: database).first()
        let municipalityID = municipality?.id ?? UUID()
        var units = Dictionary(
            try await CareUnitModel.query(on: database).all().map { ($0.name.lowercased(), $0.id!) },
            uniquingKeysWith: { first, _ in first })
        let existingZones = try await ZoneModel.query(on: database).all()
        var seen = Set(existingZones.map { "\($0.$unit.id)/\($0.name.lowercased())" })
        var newUnits: [CareUnit] = []
        var newZones: [Zone] = []
        for row in table.rows {
            guard let unitName = rows.required(row, "unit"), let zoneName = rows.required(row, "zone") else { continue }
            let unitID: UUID
            if let existing = units[unitName.lowercased()] {
                unitID = existing
            } else {
                let unit = CareUnit(municipalityID: municipalityID, name: unitName)
                units[unitName.lowercased()] = unit.id
                newUnits.append(unit)
                unitID = unit.id
            }
            if !seen.insert("\(unitID)/\(zoneName.lowercased())").inserted {
                rows.fail(row, "zone", "the zone '\(zoneName)' already exists in '\(unitName)'")
                continue
            }
            newZones.append(Zone(unitID: unitID, name: zoneName))
        }
        let needsMunicipality = municipality == nil
        return { [newUnits, newZones] database in
            if needsMunicipality {
                try await MunicipalityModel(Municipality(id: municipalityID, name: "Kommunen")).create(on: database)
            }
            try await newUnits.map(CareUnitModel.init).create(on: database)
            try await newZones.map(ZoneModel.init).create(on: database)
        }
    }

    // MARK: Staff

    private func staff(
        _ table: CSVTable, _ lookups: ImportLookups, _ units: [UUID: UUID], _ rows: inout RowChecker
    )
        -> @Sendable (any Database) async throws -> Void
    {
        var seen = Set(lookups.staffByNumber.keys)
        var members: [StaffMember] = []
        for row in table.rows {
            guard let number = rows.required(row, "employee_number"),
                let role = rows.parse(
                    row, "role", as: "a role (e.g. sykepleier, helsefagarbeider)", ImportParsing.role),
                let competences = rows.parse(row, "competences", as: "competences", ImportParsing.competences)
            else { continue }
            let zoneName = row["zone"]
            var zoneID: UUID? = nil
            if !zoneName.isEmpty {
                guard let zone = lookups.zone(named: zoneName) else {
                    rows.fail(row, "zone", "no zone is called '\(zoneName)'")
                    continue
                }
                zoneID = zone
            }
            guard
                RoleGrants.mayGrant(
                    role, at: GrantPlace(zoneID: zoneID, unitID: zoneID.flatMap { units[$0] }), by: grantor)
            else {
                rows.fail(row, "role", "you may not grant the role '\(row["role"])' in this zone")
                continue
            }
            let percentText = row["employment_percent"]
            guard let percent = percentText.isEmpty ? 100 : Int(percentText) else {
                rows.fail(row, "employment_percent", "'\(percentText)' is not a whole number")
                continue
            }
            if !seen.insert(number).inserted {
                rows.fail(row, "employee_number", "the employee number \(number) is already in use")
                continue
            }
            let member = StaffMember(
                employeeNumber: number, givenName: row["given_name"], familyName: row["family_name"], role: role,
                competences: competences.isEmpty ? ImportParsing.defaultCompetences(for: role) : competences,
                zoneID: zoneID, employmentPercent: percent)
            if rows.check(row, { try member.validate() }) { members.append(member) }
        }
        return { [members] database in
            for chunk in members.chunked(100) { try await chunk.map(StaffMemberModel.init).create(on: database) }
        }
    }

    // MARK: Recipients

    private func recipients(
        _ table: CSVTable, _ lookups: ImportLookups, _ rows: inout RowChecker
    )
        -> @Sendable (any Database) async throws -> Void
    {
        var seen = Set(lookups.recipientByNationalID.keys)
        var recipients: [Recipient] = []
        for row in table.rows {
            guard
                let nationalID = rows.parse(
                    row, "national_id", as: "a valid national identity number",
                    {
                        try? NationalIdentityNumber($0)
                    }),
                let latitude = rows.parse(row, "latitude", as: "a decimal number", ImportParsing.decimal),
                let longitude = rows.parse(row, "longitude", as: "a decimal number", ImportParsing.decimal)
            else { continue }
            guard let zoneID = lookups.zone(named: row["zone"]) else {
                rows.fail(row, "zone", "no zone is called '\(row["zone"])'")
                continue
            }
            var primaryContactID: UUID? = nil
            if !row["primary_contact"].isEmpty {
                guard let staffID = lookups.staffByNumber[row["primary_contact"]] else {
                    rows.fail(
                        row, "primary_contact", "no staff member has the employee number '\(row["primary_contact"])'")
                    continue
                }
                primaryContactID = staffID
            }
            if !seen.insert(nationalID.value).inserted {
                rows.fail(row, "national_id", "a care recipient with this national identity number already exists")
                continue
            }
            let recipient = Recipient(
                nationalID: nationalID, givenName: row["given_name"], familyName: row["family_name"],
                address: Address(
                    street: row["street"], postalCode: row["postal_code"], city: row["city"],
                    coordinate: Coordinate(latitude: latitude, longitude: longitude)),
                zoneID: zoneID, keySafeNote: row["key_safe_note"],
                language: row["language"].isEmpty ? "norsk" : row["language"], contacts: ImportParsing.contacts(row),
                primaryContactID: primaryContactID)
            if rows.check(row, { try recipient.validate() }) { recipients.append(recipient) }
        }
        let context = self.context
        return { [recipients] database in
            try await VersionHistory.createAll(
                .recipient, recipients, as: RecipientModel.init, context: context, on: database)
        }
    }

    // MARK: Decisions

    private func decisions(
        _ table: CSVTable, _ lookups: ImportLookups, _ rows: inout RowChecker
    )
        -> @Sendable (any Database) async throws -> Void
    {
        var decisions: [Decision] = []
        for row in table.rows {
            guard let recipientID = rows.recipient(row, lookups),
                let serviceType = rows.parse(row, "service_type", as: "a service type", ImportParsing.serviceType),
                let hours = rows.parse(row, "hours_per_week", as: "a number of hours", ImportParsing.decimal),
                let validFrom = rows.parse(row, "valid_from", as: "a date (YYYY-MM-DD)", { LocalDate($0) })
            else { continue }
            var validTo: LocalDate? = nil
            if !row["valid_to"].isEmpty {
                guard let date = rows.parse(row, "valid_to", as: "a date (YYYY-MM-DD)", { LocalDate($0) }) else {
                    continue
                }
                validTo = date
            }
            let decision = Decision(
                recipientID: recipientID, serviceType: serviceType, hoursPerWeek: hours, validFrom: validFrom,
                validTo: validTo)
            if rows.check(row, { try decision.validate() }) { decisions.append(decision) }
        }
        let context = self.context
        return { [decisions] database in
            try await VersionHistory.createAll(
                .decision, decisions, as: DecisionModel.init, context: context, on: database)
        }
    }

    // MARK: Measures

    private func measures(
        _ table: CSVTable, _ lookups: ImportLookups, _ rows: inout RowChecker
    )
        -> @Sendable (any Database) async throws -> Void
    {
        var measures: [Measure] = []
        for row in table.rows {
            guard let recipientID = rows.recipient(row, lookups),
                let weekdays = rows.parse(
                    row, "weekdays", as: "weekdays (e.g. ma,ti,on or alle)",
                    {
                        Set<Weekday>.parsing($0)
                    }),
                let windows = rows.parse(
                    row, "windows", as: "time windows (e.g. 07:30-10:00 19:00-21:00)", ImportParsing.windows),
                let duration = rows.parse(row, "duration_minutes", as: "a whole number of minutes", { Int($0) }),
                let competences = rows.parse(row, "competences", as: "competences", ImportParsing.competences)
            else { continue }
            var decisionID: UUID? = nil
            if !row["service_type"].isEmpty {
                guard let serviceType = rows.parse(row, "service_type", as: "a service type", ImportParsing.serviceType)
                else { continue }
                guard let decision = lookups.latestDecision(of: recipientID, serviceType: serviceType) else {
                    rows.fail(row, "service_type", "the recipient has no decision for '\(serviceType.rawValue)'")
                    continue
                }
                decisionID = decision
            }
            let staffText = row["staff_count"]
            guard let staffCount = staffText.isEmpty ? 1 : Int(staffText) else {
                rows.fail(row, "staff_count", "'\(staffText)' is not 1 or 2")
                continue
            }
            let measure = Measure(
                recipientID: recipientID, decisionID: decisionID, title: row["title"], weekdays: weekdays,
                windows: windows, durationMinutes: duration, requiredCompetences: competences, staffCount: staffCount,
                instructions: row["instructions"])
            if rows.check(row, { try measure.validate() }) { measures.append(measure) }
        }
        let context = self.context
        return { [measures] database in
            try await VersionHistory.createAll(
                .measure, measures, as: MeasureModel.init, context: context, on: database)
        }
    }
}
