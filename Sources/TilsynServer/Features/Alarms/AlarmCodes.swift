import TilsynCore

/// What kind of event a status code makes.
enum AlarmCategory: String, Codable, Sendable, CaseIterable {
    /// Someone may need help now: into the operator's queue.
    case emergency
    /// The equipment needs attention (battery, power, link, missing heartbeat).
    case technical
    /// Recorded, nobody needs to act (tests, presence, pill taken).
    case information
}

/// Where an event is in its handling.
enum AlarmState: String, Codable, Sendable {
    /// Waiting for an operator (the device is told to hold when it can talk).
    case queued
    /// An operator has it.
    case taken
    /// Nobody took it in time: answered without voice, staff to be sent directly.
    case escalated
    /// Recorded and answered; nothing more to do unless someone looks (technical, information).
    case recorded
    /// The device reset the session (`mty` RE): it gave up on us and took its other path.
    case withdrawn
    case closed
}

/// A SCAIP status code and what it means to the centre.
struct AlarmCode: Sendable {
    var code: Int
    var meaning: LocalizedText
    var category: AlarmCategory
    var priority: Int

    init(_ code: Int, _ nb: String, _ en: String, _ category: AlarmCategory, _ priority: Int) {
        self.code = code
        meaning = LocalizedText(nb: nb, en: en)
        self.category = category
        self.priority = priority
    }

    /// The codes in SCAIP.md, seeded into `alarm_codes`; an administrator may add more there.
    static let defaults: [AlarmCode] = [
        AlarmCode(9, "Alarm (automatisk)", "Alarm (automatic)", .emergency, 8),
        AlarmCode(10, "Alarm (utløst manuelt)", "Alarm (manual)", .emergency, 8),
        AlarmCode(2, "Avbrutt", "Abort", .information, 1),
        AlarmCode(19, "Avlyst", "Cancel", .information, 1),
        AlarmCode(14, "Batterifeil", "Battery failure", .technical, 5),
        AlarmCode(16, "Lavt batteri", "Battery low", .technical, 4),
        AlarmCode(15, "Batteri ladet", "Battery recharged", .information, 1),
        AlarmCode(85, "Strømbrudd", "Mains power failure", .technical, 5),
        AlarmCode(86, "Strøm tilbake", "Mains power restored", .information, 1),
        AlarmCode(23, "Linjefeil (IP)", "Link failure (IP)", .technical, 5),
        AlarmCode(24, "Linjefeil (mobil)", "Link failure (mobile)", .technical, 5),
        AlarmCode(25, "Linjefeil (telefon)", "Link failure (POTS)", .technical, 5),
        AlarmCode(26, "Linjefeil (primær)", "Link failure (primary)", .technical, 5),
        AlarmCode(27, "Linjefeil (reserve)", "Link failure (redundant)", .technical, 5),
        AlarmCode(112, "Linje gjenopprettet (IP)", "Link re-established (IP)", .information, 1),
        AlarmCode(113, "Linje gjenopprettet (mobil)", "Link re-established (mobile)", .information, 1),
        AlarmCode(114, "Linje gjenopprettet (telefon)", "Link re-established (POTS)", .information, 1),
        AlarmCode(115, "Linje gjenopprettet (primær)", "Link re-established (primary)", .information, 1),
        AlarmCode(116, "Linje gjenopprettet (reserve)", "Link re-established (redundant)", .information, 1),
        AlarmCode(102, "Testsending (primær)", "Test transmission (primary)", .information, 0),
        AlarmCode(103, "Testsending (reserve)", "Test transmission (redundant)", .information, 0),
        AlarmCode(123, "Radiotest mangler", "Radio test missing", .technical, 4),
        AlarmCode(124, "Radiotest gjenopprettet", "Radio test re-established", .information, 1),
        AlarmCode(76, "Åpen", "Open", .information, 2),
        AlarmCode(77, "Åpen for lenge", "Open too long", .emergency, 6),
        AlarmCode(81, "Medisin ikke tatt", "Pill not taken", .emergency, 5),
        AlarmCode(82, "Medisinpåminnelse", "Pill reminder", .information, 1),
        AlarmCode(83, "Medisin tatt", "Pill taken", .information, 0),
        AlarmCode(87, "Personale til stede (planlagt)", "Staff presence (planned)", .information, 0),
        AlarmCode(88, "Personale til stede (alarm)", "Staff presence (on alarm)", .information, 1),
        AlarmCode(111, "Utsjekk (oppdrag utført)", "Check-out (intervention done)", .information, 1),
        AlarmCode(110, "Assistanse", "Assistance", .emergency, 7),
        AlarmCode(125, "Sabotasje", "Tamper", .technical, 5),
        AlarmCode(100, "Høy temperatur", "Temperature high", .emergency, 6),
        AlarmCode(101, "Lav temperatur", "Temperature low", .emergency, 6),
        AlarmCode(117, "Ligger i seng", "Lying in bed", .information, 1),
        AlarmCode(119, "Bevegelse", "Movement", .information, 0),
        AlarmCode(121, "Til stede hjemme", "Present at home", .information, 0),
    ]
}
