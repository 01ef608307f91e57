import Foundation

/// A synthetic home-care unit modelled on the studies' numbers: six zones of at most 20 staff, about
/// 280 recipients in Tromsø, decisions and care plans giving 2–3 visits per recipient per day.
///
/// Every identity is synthetic (national ids with month + 80). The same seed and reference date
/// always give the same municipality, ids included.
public struct DemoMunicipality: Sendable {
    /// The municipality.
    public var municipality: Municipality
    /// The one unit.
    public var unit: CareUnit
    /// Its six zones.
    public var zones: [Zone]
    /// Everyone on staff, zone staff first.
    public var staff: [StaffMember]
    /// Everyone receiving care.
    public var recipients: [Recipient]
    /// Their decisions.
    public var decisions: [Decision]
    /// Care-plan goals by recipient.
    public var carePlanGoals: [UUID: String]
    /// Every measure of every care plan.
    public var measures: [Measure]

    /// Settings of the generator.
    public struct Options: Sendable {
        /// Seed of the random choices.
        public var seed: UInt64
        /// The day decisions are dated around ("today").
        public var referenceDate: LocalDate
        /// How many recipients.
        public var recipientCount: Int

        /// Creates options; 280 recipients by default, as in one of the studies' units.
        public init(seed: UInt64 = 2026, referenceDate: LocalDate, recipientCount: Int = 280) {
            self.seed = seed
            self.referenceDate = referenceDate
            self.recipientCount = recipientCount
        }
    }

    /// Generates the municipality.
    public static func generate(_ options: Options) -> DemoMunicipality {
        var builder = DemoBuilder(options: options)
        return builder.build()
    }
}

/// The stateful part of the generation: the random stream and the ids it hands out.
struct DemoBuilder {
    let options: DemoMunicipality.Options
    var random: SeededRandom
    var idCounter = 0

    init(options: DemoMunicipality.Options) {
        self.options = options
        self.random = SeededRandom(seed: options.seed)
    }

    /// Ids derived from the seed and a counter, so a re-run gives identical ids.
    mutating func nextID(_ kind: String) -> UUID {
        idCounter += 1
        return StableUUID.make(from: "demo:\(options.seed):\(kind):\(idCounter)")
    }

    mutating func build() -> DemoMunicipality {
        let municipality = Municipality(id: nextID("municipality"), name: "Tromsø kommune (demo)")
        let unit = CareUnit(id: nextID("unit"), municipalityID: municipality.id, name: "Hjemmetjenesten Tromsø (demo)")
        let zones = DemoArea.all.map { Zone(id: nextID("zone"), unitID: unit.id, name: $0.zoneName) }
        var staff: [StaffMember] = []
        for zone in zones { staff += makeZoneStaff(zone: zone, number: staff.count) }
        staff += makeUnitStaff(number: staff.count)
        var result = DemoMunicipality(
            municipality: municipality, unit: unit, zones: zones, staff: staff, recipients: [], decisions: [],
            carePlanGoals: [:], measures: [])
        var usedNationalIDs = Set<String>()
        for index in 0..<options.recipientCount {
            let zoneIndex = index % zones.count
            let zone = zones[zoneIndex]
            let zoneStaff = staff.filter { $0.zoneID == zone.id && $0.role.makesVisits }
            let recipient = makeRecipient(
                area: DemoArea.all[zoneIndex], zone: zone, primaryContact: random.pick(zoneStaff),
                usedNationalIDs: &usedNationalIDs)
            result.recipients.append(recipient)
            let plan = makeCarePlan(for: recipient)
            result.decisions += plan.decisions
            result.measures += plan.measures
            result.carePlanGoals[recipient.id] = plan.goal
        }
        return result
    }

    mutating func makeZoneStaff(zone: Zone, number: Int) -> [StaffMember] {
        let count = Int.random(in: 16...20, using: &random)
        return (0..<count).map { index in
            let role: StaffRole =
                index == 0 ? .departmentLeader : (index % 3 == 1 ? .nurse : (index % 3 == 2 ? .careWorker : .assistant))
            return makeStaff(role: role, zoneID: zone.id, number: number + index + 1)
        }
    }

    mutating func makeUnitStaff(number: Int) -> [StaffMember] {
        let roles: [StaffRole] = [.unitLeader, .alarmOperator, .alarmOperator, .allocationOfficer, .admin]
        return roles.enumerated().map { makeStaff(role: $1, zoneID: nil, number: number + $0 + 1) }
    }

    mutating func makeStaff(role: StaffRole, zoneID: UUID?, number: Int) -> StaffMember {
        let competences: Set<Competence>
        switch role {
        case .nurse, .departmentLeader: competences = Set(Competence.allCases)
        case .careWorker: competences = [.personalCare, .practicalHelp, .stomaAndCatheter]
        case .assistant, .substitute:
            competences = random.chance(0.5) ? [.practicalHelp, .personalCare] : [.practicalHelp]
        case .unitLeader, .alarmOperator, .allocationOfficer, .admin: competences = []
        }
        let percent = role.makesVisits ? random.pick([50, 60, 75, 80, 100, 100, 100]) : 100
        return StaffMember(
            id: nextID("staff"), employeeNumber: String(format: "A%04d", number),
            givenName: random.pick(DemoNames.youngerFirstNames), familyName: random.pick(DemoNames.familyNames),
            role: role, competences: competences, zoneID: zoneID, employmentPercent: percent)
    }

    mutating func makeRecipient(
        area: DemoArea, zone: Zone, primaryContact: StaffMember, usedNationalIDs: inout Set<String>
    ) -> Recipient {
        let isWoman = random.chance(0.62)  // most home-care recipients are women
        let givenName = random.pick(isWoman ? DemoNames.olderWomen : DemoNames.olderMen)
        let familyName = random.pick(DemoNames.familyNames)
        let nationalID = makeNationalID(isWoman: isWoman, used: &usedNationalIDs)
        let coordinate = Coordinate(
            latitude: area.centre.latitude + Double.random(in: -1...1, using: &random) * area.latitudeSpread,
            longitude: area.centre.longitude + Double.random(in: -1...1, using: &random) * area.longitudeSpread)
        let address = Address(
            street: "\(random.pick(area.streets)) \(Int.random(in: 1...140, using: &random))",
            postalCode: area.postalCode, city: area.city, coordinate: coordinate)
        var contacts = [
            Contact(
                kind: .relative, name: "\(random.pick(DemoNames.youngerFirstNames)) \(familyName)",
                phone: phoneNumber(), note: random.pick(DemoNames.relations)),
            Contact(
                kind: .generalPractitioner, name: "Lege \(random.pick(DemoNames.familyNames))",
                phone: phoneNumber(), note: random.pick(DemoNames.medicalCentres)),
            Contact(
                kind: .caseWorker,
                name: "\(random.pick(DemoNames.youngerFirstNames)) \(random.pick(DemoNames.familyNames))",
                phone: "77 79 00 00", note: "Tildelingskontoret"),
        ]
        if random.chance(0.3) {
            contacts.append(Contact(kind: .caretaker, name: "Vaktmester, borettslaget", phone: phoneNumber()))
        }
        let keySafe =
            random.chance(0.7)
            ? "Nøkkelboks ved inngangsdøren. Koden står i nøkkelregisteret."
            : "Nøkkel i kontorets nøkkelskap, merket med adressen."
        return Recipient(
            id: nextID("recipient"), nationalID: nationalID, givenName: givenName, familyName: familyName,
            address: address, zoneID: zone.id, keySafeNote: keySafe, language: random.pick(DemoNames.languages),
            contacts: contacts, primaryContactID: primaryContact.id)
    }

    mutating func makeNationalID(isWoman: Bool, used: inout Set<String>) -> NationalIdentityNumber {
        while true {
            let year = Int.random(in: 1926...1959, using: &random)
            let month = Int.random(in: 1...12, using: &random)
            let day = Int.random(in: 1...28, using: &random)
            // Born in the 1900s: individual numbers 000–499; the third digit is even for women.
            var individual = Int.random(in: 0...499, using: &random)
            if (individual % 2 == 0) != isWoman { individual = (individual + 1) % 500 }
            if let number = NationalIdentityNumber.synthetic(
                day: day, month: month, year: year, individual: individual),
                used.insert(number.value).inserted
            {
                return number
            }
        }
    }

    mutating func phoneNumber() -> String {
        let first = random.pick(["4", "9"])
        return first
            + String(
                format: "%02d %02d %03d", Int.random(in: 0...99, using: &random),
                Int.random(in: 0...99, using: &random), Int.random(in: 0...999, using: &random))
    }
}
