import Fluent
import SQLKit

/// Indexes for what every tablet and page looks up by its owner: a recipient's measures, decisions,
/// reports (newest first), equipment; a report's photos; a person's tasks, notices, emergency
/// grants and intake drafts; a visit's check-offs. Without them each lookup reads the whole table,
/// which at 200 tablets polling is most of the server's time.
struct AddLookupIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("measures_recipient", "measures", "recipient_id"),
        ("decisions_recipient", "decisions", "recipient_id"),
        ("visit_reports_recipient_written", "visit_reports", "recipient_id, written_at"),
        ("report_photos_report", "report_photos", "report_id"),
        ("equipment_items_recipient", "equipment_items", "recipient_id"),
        ("care_tasks_owner", "care_tasks", "owner_id, done_at"),
        ("care_tasks_zone", "care_tasks", "zone_id, done_at"),
        ("staff_notices_staff", "staff_notices", "staff_id, read_at"),
        ("emergency_accesses_staff", "emergency_accesses", "staff_id, expires_at"),
        ("visit_check_offs_visit", "visit_check_offs", "visit_id"),
        ("intake_assessments_assessor", "intake_assessments", "assessor_id, status"),
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes {
            try await sql.raw(
                "CREATE INDEX IF NOT EXISTS \(unsafeRaw: index.name) ON \(unsafeRaw: index.table) (\(unsafeRaw: index.columns))"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.indexes { try await sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: index.name)").run() }
    }
}
