import Foundation
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct WebPageTests {
        @Test func overviewListsTheZonesInNorwegian() async throws {
            try await withTilsyn(demoRecipients: 12) { app in
                let response = try await app.send(.GET, "/")
                #expect(response.status == .ok)
                #expect(response.text.contains("<html lang=\"nb\">"))
                #expect(response.text.contains("Soneoversikt"))
                for zone in ["Sentrum", "Tromsøya nord", "Kvaløya", "Tromsdalen"] {
                    #expect(response.text.contains(zone))
                }
            }
        }

        @Test func englishIsAvailableAndRemembered() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let response = try await app.send(.GET, "/?lang=en")
                #expect(response.text.contains("Zone overview"))
                #expect(response.headers.setCookie?["lang"]?.string == "en")
                let next = try await app.send(.GET, "/staff", headers: ["Cookie": "lang=en"])
                #expect(next.text.contains("<html lang=\"en\">"))
            }
        }

        @Test func recipientSearchAndPage() async throws {
            try await withTilsyn(demoRecipients: 12) { app in
                let recipient = try #require(try await RecipientModel.query(on: app.db).first())
                let list = try await app.send(
                    .GET,
                    "/recipients?q=\(recipient.familyName.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)"
                )
                #expect(list.text.contains("/recipients/\(recipient.id!)"))
                let page = try await app.send(.GET, "/recipients/\(recipient.id!)")
                #expect(page.status == .ok)
                #expect(page.text.contains(recipient.nationalID))
                #expect(page.text.contains("Tiltaksplan"))
                #expect(page.text.contains("Vedtak"))
                #expect(page.text.contains("Historikk"))
            }
        }

        @Test func unknownPageIsAClearNorwegian404() async throws {
            try await withTilsyn { app in
                let response = try await app.send(.GET, "/recipients/\(UUID())")
                #expect(response.status == .notFound)
                #expect(response.text.contains("Fant ikke tjenestemottakeren."))
                let nowhere = try await app.send(.GET, "/finnes-ikke")
                #expect(nowhere.status == .notFound)
                #expect(nowhere.text.contains("Fant ikke siden."))
            }
        }

        @Test func numbersUseADecimalCommaInBokmal() {
            #expect(NumberText.format(7.5, language: "nb") == "7,5")
            #expect(NumberText.format(7.5, language: "en") == "7.5")
            #expect(NumberText.format(6, language: "nb") == "6")
            #expect(NumberText.format(5, language: "nb", oneDecimal: true) == "5,0")
        }

        @Test func staffListShowsRolesInNorwegian() async throws {
            try await withTilsyn(demoRecipients: 2) { app in
                let response = try await app.send(.GET, "/staff")
                #expect(response.text.contains("Sykepleier"))
                #expect(response.text.contains("Avdelingsleder"))
            }
        }
    }
}
