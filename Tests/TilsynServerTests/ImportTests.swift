import Fluent
import Foundation
import Testing
import TilsynCore
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct ImportTests {
        let zones = "unit,zone\nHjemmetjenesten Vest,Hamna\nHjemmetjenesten Vest,Kvaløysletta\n"
        let staff = """
            employee_number,given_name,family_name,role,competences,zone,employment_percent
            B001,Kari,Nordmann,sykepleier,,Hamna,100
            B002,Ola,Nordmann,helsefagarbeider,personalCare|practicalHelp,Hamna,80

            """

        func recipients(_ second: String) -> String {
            """
            national_id,given_name,family_name,street,postal_code,city,latitude,longitude,zone,primary_contact,relative_name,relative_phone
            \(freshNationalID(401)),Astrid,Test,Hamnavegen 3,9020,Tromsdalen,69.70,18.99,Hamna,B002,Per Test,41000000
            \(second)

            """
        }

        @Test func goodFilesImportInOrder() async throws {
            try await withTilsyn { app in
                let author = "test"
                _ = try await TilsynOperations.importCSV(app, kind: .zones, text: zones, author: author)
                _ = try await TilsynOperations.importCSV(app, kind: .staff, text: staff, author: author)
                let second =
                    "\(freshNationalID(403)),Olav,Test,\"Hamnavegen 5, inng. B\",9020,Tromsdalen,\"69,71\",18.98,hamna,,,"
                let summary = try await TilsynOperations.importCSV(
                    app, kind: .recipients, text: recipients(second), author: author)
                #expect(summary.imported == 2)
                let decisions = """
                    national_id;service_type;hours_per_week;valid_from;valid_to
                    \(freshNationalID(401));homeNursing;7,5;2026-01-01;
                    """
                _ = try await TilsynOperations.importCSV(app, kind: .decisions, text: decisions, author: author)
                let measures = """
                    national_id,title,service_type,weekdays,windows,duration_minutes,competences,staff_count,instructions
                    \(freshNationalID(401)),Morgenstell,homeNursing,alle,07:30-10:00,45,personalCare,2,Takheis
                    \(freshNationalID(401)),Medisiner,homeNursing,"ma,on,fr",08:00-09:00 20:00-21:00,10,legemiddelhåndtering,1,
                    """
                _ = try await TilsynOperations.importCSV(app, kind: .measures, text: measures, author: author)
                let stored = try await MeasureModel.query(on: app.db).all()
                #expect(stored.count == 2)
                #expect(stored.contains { $0.staffCount == 2 && $0.weekdays.count == 7 })
                #expect(stored.contains { $0.windows == ["08:00-09:00", "20:00-21:00"] && $0.weekdays.count == 3 })
                let astrid = try #require(
                    try await RecipientModel.query(on: app.db).filter(\.$givenName == "Astrid").first())
                #expect(astrid.contacts.first?.name == "Per Test")
                #expect(
                    try await StaffMemberModel.find(astrid.$primaryContact.id!, on: app.db)?.employeeNumber == "B002")
                let history = try await VersionHistory.versions(of: .recipient, id: astrid.id!, on: app.db)
                #expect(history.first?.reason == "Importert fra CSV")
            }
        }

        @Test func aBadRowRejectsTheWholeFileWithItsLine() async throws {
            try await withTilsyn { app in
                _ = try await TilsynOperations.importCSV(app, kind: .zones, text: zones, author: "test")
                _ = try await TilsynOperations.importCSV(app, kind: .staff, text: staff, author: "test")
                let bad = "12345678901,Olav,Test,Hamnavegen 5,9020,Tromsdalen,69.71,18.98,Hamna,,,"
                do {
                    _ = try await TilsynOperations.importCSV(app, kind: .recipients, text: recipients(bad), author: "t")
                    Issue.record("the import should have failed")
                } catch let error as ImportError {
                    #expect(error.problems.map(\.line) == [3])
                    #expect(error.problems.first?.column == "national_id")
                    #expect(error.description.contains("line 3, column 'national_id'"))
                }
                #expect(try await app.recipientCount() == 0, "nothing from the file is written")
            }
        }

        @Test func unknownZoneAndDuplicateInFileAreBothReported() async throws {
            try await withTilsyn { app in
                _ = try await TilsynOperations.importCSV(app, kind: .zones, text: zones, author: "test")
                let staffBefore = try await StaffMemberModel.query(on: app.db).count()
                let text = """
                    employee_number,given_name,family_name,role,zone
                    C1,A,B,sykepleier,Hamna
                    C1,A,B,sykepleier,Hamna
                    C2,A,B,rørlegger,Hamna
                    C3,A,B,assistent,Atlantis
                    """
                do {
                    _ = try await TilsynOperations.importCSV(app, kind: .staff, text: text, author: "test")
                    Issue.record("the import should have failed")
                } catch let error as ImportError {
                    #expect(error.problems.map(\.line) == [3, 4, 5])
                    #expect(error.problems.map(\.column) == ["employee_number", "role", "zone"])
                }
                #expect(try await StaffMemberModel.query(on: app.db).count() == staffBefore)
            }
        }

        @Test func missingColumnIsReportedOnTheHeaderLine() async throws {
            try await withTilsyn { app in
                await #expect(throws: ImportError.self) {
                    try await TilsynOperations.importCSV(app, kind: .zones, text: "unit\nVest\n", author: "test")
                }
            }
        }
    }
}
