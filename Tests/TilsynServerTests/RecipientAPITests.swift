import Fluent
import Foundation
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct RecipientAPITests {
        @Test func createReadAndSearch() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zone = try await app.anyZone()
                let created = try await app.send(
                    .POST, "/api/v1/recipients", json: recipientBody(nationalId: freshNationalID(), zoneId: zone.id!))
                #expect(created.status == .created)
                let id = try #require(created.object["id"] as? String)
                #expect(created.headers.first(name: .location) == "/api/v1/recipients/\(id)")
                let read = try await app.send(.GET, "/api/v1/recipients/\(id)")
                #expect(read.object["givenName"] as? String == "Solveig")
                #expect(read.object["version"] as? Int == 1)
                let search = try await app.send(.GET, "/api/v1/recipients?q=testesen%20solv")
                #expect(search.array.map { $0["id"] as? String } == [id])
            }
        }

        @Test func duplicateNationalIDIsAConflictAndChangesNothing() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zone = try await app.anyZone()
                let body = recipientBody(nationalId: freshNationalID(), zoneId: zone.id!)
                #expect(try await app.send(.POST, "/api/v1/recipients", json: body).status == .created)
                let before = try await app.recipientCount()
                let again = try await app.send(.POST, "/api/v1/recipients", json: body)
                #expect(again.status == .conflict)
                #expect(again.object["field"] as? String == "nationalId")
                #expect((again.object["reason"] as? String)?.contains("fødselsnummeret") == true)
                #expect(try await app.recipientCount() == before)
            }
        }

        @Test func invalidFieldsAre422WithTheFieldAndChangeNothing() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zone = try await app.anyZone()
                let before = try await app.recipientCount()

                var badPostal = recipientBody(nationalId: freshNationalID(), zoneId: zone.id!)
                var address = badPostal["address"] as! [String: Any]
                address["postalCode"] = "90"
                badPostal["address"] = address
                let postal = try await app.send(.POST, "/api/v1/recipients", json: badPostal)
                #expect(postal.status == .unprocessableEntity)
                #expect(postal.object["field"] as? String == "address.postalCode")

                let badID = try await app.send(
                    .POST, "/api/v1/recipients", json: recipientBody(nationalId: "12345678901", zoneId: zone.id!))
                #expect(badID.status == .unprocessableEntity)
                #expect(badID.object["field"] as? String == "nationalId")

                var missing = recipientBody(nationalId: freshNationalID(), zoneId: zone.id!)
                missing.removeValue(forKey: "familyName")
                let missingResponse = try await app.send(.POST, "/api/v1/recipients", json: missing)
                #expect(missingResponse.status == .unprocessableEntity)
                #expect(missingResponse.object["field"] as? String == "familyName")

                let unknownZone = try await app.send(
                    .POST, "/api/v1/recipients", json: recipientBody(nationalId: freshNationalID(), zoneId: UUID()))
                #expect(unknownZone.status == .unprocessableEntity)
                #expect(unknownZone.object["field"] as? String == "zoneId")

                #expect(try await app.recipientCount() == before)
            }
        }

        @Test func unknownRecipientIs404() async throws {
            try await withTilsyn { app in
                let unknown = try await app.send(.GET, "/api/v1/recipients/\(UUID())")
                let malformed = try await app.send(.GET, "/api/v1/recipients/not-a-uuid")
                #expect(unknown.status == .notFound)
                #expect(malformed.status == .notFound)
            }
        }

        @Test func updateNeedsAReasonKeepsTheEarlierVersionAndDetectsStaleEdits() async throws {
            try await withTilsyn(demoRecipients: 6) { app in
                let zone = try await app.anyZone()
                let created = try await app.send(
                    .POST, "/api/v1/recipients", json: recipientBody(nationalId: freshNationalID(), zoneId: zone.id!))
                let id = try #require(created.object["id"] as? String)
                var changed = recipientBody(nationalId: freshNationalID(), zoneId: zone.id!, givenName: "Solvor")

                let withoutReason = try await app.send(.PUT, "/api/v1/recipients/\(id)", json: changed)
                #expect(withoutReason.status == .unprocessableEntity)
                #expect(withoutReason.object["field"] as? String == "reason")

                changed["reason"] = "Feil fornavn ved registrering"
                changed["version"] = 1
                let updated = try await app.send(.PUT, "/api/v1/recipients/\(id)", json: changed)
                #expect(updated.status == .ok)
                #expect(updated.object["version"] as? Int == 2)

                let stale = try await app.send(.PUT, "/api/v1/recipients/\(id)", json: changed)
                #expect(stale.status == .conflict)

                let history = try await app.send(.GET, "/api/v1/recipients/\(id)/history").array
                #expect(history.count == 2)
                #expect((history[0]["snapshot"] as? String)?.contains("Solveig") == true, "the first version is kept")
                #expect((history[1]["snapshot"] as? String)?.contains("Solvor") == true)
                let author = try #require(app.testCredentials?.username)
                #expect((history[1]["changedBy"] as? String)?.contains(author) == true)
                #expect(history[1]["reason"] as? String == "Feil fornavn ved registrering")
            }
        }

        @Test func errorsAreInEnglishWhenAskedFor() async throws {
            try await withTilsyn { app in
                let response = try await app.send(
                    .GET, "/api/v1/recipients/\(UUID())", headers: ["Accept-Language": "en-GB,en;q=0.8"])
                #expect(response.object["reason"] as? String == "Could not find the care recipient.")
            }
        }
    }
}
