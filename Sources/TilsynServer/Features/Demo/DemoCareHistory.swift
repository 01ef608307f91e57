import Fluent
import Foundation
import TilsynCore

/// Two weeks of past visits and a month of alarms and deviations for the demo, so the follow-up
/// pages (continuity, alarm statistics, the report board, deviations) show something from the
/// start. Synthetic and deterministic for a seed: the primary contact makes most of a recipient's
/// visits, which are checked off (actual times, a few not done with the reason), alarms are answered
/// within minutes, a few deviations are still open.
extension DemoLoader {
    func loadCareHistory(
        _ demo: DemoMunicipality, seed: UInt64, today: LocalDate, timeZone: TimeZone, expiryNoticeDays: Int
    ) async throws {
        var random = DemoRandom(seed: seed &+ 0xCA2E)
        func below(_ bound: Int) -> Int { random.below(bound) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func moment(_ date: LocalDate, _ minute: Int) -> Date {
            calendar.date(
                from: DateComponents(
                    year: date.year, month: date.month, day: date.day, hour: minute / 60, minute: minute % 60))!
        }
        let visiting = demo.staff.filter { $0.role.makesVisits }
        let byZone = Dictionary(grouping: visiting, by: { $0.zoneID })
        let recipients = Dictionary(uniqueKeysWithValues: demo.recipients.map { ($0.id, $0) })

        // Past visits, made mostly by the primary contact.
        let service = VisitService(database: database, expiryNoticeDays: expiryNoticeDays)
        var visits: [VisitModel] = []
        for day in try await service.plannedVisits(from: today.adding(days: -14), days: 14) {
            for visit in day.visits {
                guard let recipient = recipients[visit.recipientID] else { continue }
                let zoneStaff = (byZone[recipient.zoneID] ?? []).filter {
                    visit.requiredCompetences.isSubset(of: $0.competences)
                }
                guard !zoneStaff.isEmpty else { continue }
                var staff: [UUID] = []
                if let primary = recipient.primaryContactID, zoneStaff.contains(where: { $0.id == primary }),
                    below(10) < 6
                {
                    staff.append(primary)
                }
                while staff.count < visit.staffCount, staff.count < zoneStaff.count {
                    let pick = zoneStaff[below(zoneStaff.count)].id
                    if !staff.contains(pick) { staff.append(pick) }
                }
                var made = visit
                made.assignedStaffIDs = staff
                let model = VisitModel(made)
                let planned = visit.window.start.minutes + below(20)
                model.plannedStart = Double(planned)
                // Checked off on the tablet: most done, a little early or late and sometimes longer
                // than allocated; a few not done, with the reason.
                let roll = below(100)
                if roll < 3 {
                    model.outcome = "notDone"
                    model.notDoneReason = [NotDoneReason.notHome, .refused, .hospital][below(3)].rawValue
                    model.finishedAt = moment(visit.date, planned + 5)
                } else {
                    let begin = planned - 5 + below(21)
                    let spent = max(5, visit.durationMinutes - 3 + below(visit.durationMinutes / 3 + 6))
                    model.startedAt = moment(visit.date, begin)
                    model.finishedAt = moment(visit.date, begin + spent)
                    model.outcome = "done"
                }
                model.checkedBy = staff.first
                visits.append(model)
            }
        }

        // A month of alarms from the demo's devices, answered and closed.
        let devices = try await AlarmDeviceModel.query(on: database).all()
        var events: [AlarmEventModel] = []
        var steps: [AlarmStepModel] = []
        let causes: [AlarmCloseCause] = [
            .helped, .helped, .helped, .notEmergency, .notEmergency, .falseAlarm, .technical,
        ]
        for back in 1...30 where !devices.isEmpty {
            for number in 0..<(1 + below(3)) {
                let device = devices[below(devices.count)]
                let received = moment(today.adding(days: -back), 420 + below(900))
                let event = AlarmEventModel()
                event.id = UUID()
                event.controllerID = device.controllerID
                event.reference = "H\(back)x\(number)"
                event.$device.id = device.id
                event.$recipient.id = device.$recipient.id
                event.category = AlarmCategory.emergency.rawValue
                event.state = AlarmState.closed.rawValue
                event.statusCode = below(4) == 0 ? 9 : 10
                event.deviceType = 3
                event.priority = 8
                event.voiceCapable = true
                event.callbackRequested = false
                event.unauthenticated = false
                event.path = "sip-udp"
                event.body = ""
                event.receivedAt = received
                event.lastHeardAt = received
                event.repeats = below(3)
                event.takenAt = received.addingTimeInterval(Double(20 + below(200)))
                let cause = causes[below(causes.count)]
                if cause == .helped {
                    event.dispatchedAt = event.takenAt!.addingTimeInterval(Double(60 + below(240)))
                    event.onSiteAt = event.dispatchedAt!.addingTimeInterval(Double(600 + below(1500)))
                }
                event.closedAt = (event.onSiteAt ?? event.takenAt!).addingTimeInterval(Double(300 + below(1200)))
                event.closeCause = cause.rawValue
                events.append(event)
                steps.append(AlarmStepModel(eventID: event.id!, kind: "received", note: "dty 3", at: received))
                steps.append(
                    AlarmStepModel(eventID: event.id!, kind: "closed", note: cause.name.nb, at: event.closedAt!))
            }
        }

        // A handful of deviations over four weeks, most followed up and closed.
        let texts: [(DeviationCategory, DeviationSeverity, String)] = [
            (.medication, .high, "Kveldsdosen lå igjen i dosetten"),
            (.fall, .medium, "Bruker funnet på gulvet ved sengen"),
            (.equipment, .low, "Rullator med løs brems"),
            (.missedVisit, .high, "Middagsbesøk ikke utført, bruker ringte"),
            (.routine, .low, "Nøkkel ikke levert tilbake etter vakt"),
            (.threat, .medium, "Pårørende truet ansatt muntlig"),
            (.privacy, .medium, "Arbeidsliste glemt i bil"), (.medication, .medium, "Feil tidspunkt for insulin"),
        ]
        var deviations: [DeviationModel] = []
        for (index, entry) in texts.enumerated() {
            let recipient = demo.recipients[below(demo.recipients.count)]
            let reporter = (byZone[recipient.zoneID] ?? visiting)[below((byZone[recipient.zoneID] ?? visiting).count)]
            let reported = moment(today.adding(days: -(2 + index * 3)), 600 + below(300))
            let deviation = DeviationModel()
            deviation.$reporter.id = reporter.id
            deviation.anonymousToColleagues = below(3) == 0
            deviation.$zone.id = recipient.zoneID
            deviation.$recipient.id = entry.0 == .routine ? nil : recipient.id
            deviation.what = entry.2
            deviation.place = ""
            deviation.category = entry.0.rawValue
            deviation.severity = entry.1.rawValue
            deviation.occurredAt = reported.addingTimeInterval(-3600)
            deviation.reportedAt = reported
            deviation.followUpBy = reported.addingTimeInterval(Double(entry.1.daysToFollowUp) * 86_400)
            if index >= 2 {
                deviation.status = DeviationStatus.closed.rawValue
                deviation.assessment = "Gjennomgått med de involverte"
                deviation.action = "Rutinen er repetert på personalmøtet"
                deviation.learned = "Sjekkliste brukes ved hvert besøk"
                deviation.assessedAt = reported.addingTimeInterval(86_400)
                deviation.closedAt = reported.addingTimeInterval(2 * 86_400)
            } else {
                deviation.status = DeviationStatus.open.rawValue
            }
            deviations.append(deviation)
        }

        let (madeVisits, madeEvents, madeSteps, madeDeviations) = (visits, events, steps, deviations)
        try await database.writeTransaction { database in
            for chunk in madeVisits.chunked(200) { try await chunk.create(on: database) }
            for chunk in madeEvents.chunked(200) { try await chunk.create(on: database) }
            for chunk in madeSteps.chunked(200) { try await chunk.create(on: database) }
            for chunk in madeDeviations.chunked(100) { try await chunk.create(on: database) }
        }
    }
}
