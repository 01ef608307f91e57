/// A synthetic zone day for benchmarks and trials: recipients spread over a few kilometres of
/// Tromsøya, morning, midday and afternoon visits, nurse-only tasks, two-person visits, primary
/// contacts, lunch breaks. No real person is in it.
public enum ExampleDay {
    public static func generate(
        visits count: Int = 100, staff staffCount: Int = 10, seed: UInt64 = 1
    )
        -> HomeCareProblem
    {
        var random = SearchRandom(seed: seed)
        let base = Place(latitude: 69.6496, longitude: 18.9560)
        let nurses = max(1, staffCount * 3 / 10)
        let staff = (0..<staffCount).map { index in
            StaffShift(
                id: "S\(index + 1)", name: "Ansatt \(index + 1)", shiftStart: 450, shiftEnd: 900, startPlace: base,
                competences: index < nurses ? ["sykepleie", "medisin"] : index < nurses + 3 ? ["medisin"] : [],
                breakRule: BreakRule(window: MinuteWindow(660, 750), lengthMinutes: 30),
                travelMode: index == staffCount - 1 ? .walking : .car, zoneID: "sone")
        }
        // About 1.6 visits per recipient.
        let recipientCount = max(1, count * 5 / 8)
        let homes = (0..<recipientCount).map { _ in
            Place(
                latitude: base.latitude + (random.unit() - 0.5) * 0.035,
                longitude: base.longitude + (random.unit() - 0.5) * 0.09)
        }
        let primary = (0..<recipientCount).map { _ in random.below(10) < 7 ? "S\(random.below(staffCount) + 1)" : nil }
        var visits: [CareVisit] = []
        for index in 0..<count {
            let recipient = index < recipientCount ? index : random.below(recipientCount)
            // Morning care 07:30–10:30 (most), midday 10:30–13:00, early afternoon 13:00–14:30.
            let slot = random.below(20)
            let (open, close): (Int, Int) =
                slot < 9 ? (450, 630) : slot < 16 ? (630, 780) : (780, 870)
            let start = open + random.below(max(1, close - open - 45))
            let nurseTask = random.below(10) == 0
            let medication = !nurseTask && random.below(5) == 0
            let pair = random.below(100) < 8
            let duration = [10, 15, 20, 20, 30, 30, 45][random.below(7)]
            // Every visit can end, and the person get back, before the shift ends at 15:00.
            let latest = min(close, start + 45 + random.below(60), 900 - duration - 15)
            visits.append(
                CareVisit(
                    id: "B\(index + 1)", recipientID: "R\(recipient + 1)", place: homes[recipient],
                    durationMinutes: duration, windows: [MinuteWindow(min(start, latest), latest)],
                    preferredStart: random.below(2) == 0 ? start + 15 : nil,
                    requiredCompetences: nurseTask ? ["sykepleie"] : medication ? ["medisin"] : [],
                    staffCount: pair ? 2 : 1, preferredStaffIDs: primary[recipient].map { [$0] } ?? [],
                    zoneID: "sone"))
        }
        var recent: [String: Set<String>] = [:]
        for recipient in 0..<recipientCount {
            recent["R\(recipient + 1)"] = Set(
                (0..<(1 + random.below(3))).map { _ in "S\(random.below(staffCount) + 1)" })
        }
        return HomeCareProblem(visits: visits, staff: staff, recentCaregivers: recent)
    }
}
