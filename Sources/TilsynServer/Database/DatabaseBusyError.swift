import AsyncKit
import FluentSQLiteDriver
import Foundation
import PostgresNIO
import SQLiteNIO
import TilsynCore
import Vapor

/// The database was too busy to take a change in time: another writer held it, or every
/// connection was taken. Nothing was changed; the client may try again after `Retry-After`.
struct DatabaseBusyError: UserFacingError {
    var status: HTTPResponseStatus { .serviceUnavailable }
    var code: String { "databaseBusy" }
    var field: String? { nil }
    var message: LocalizedText {
        LocalizedText(
            nb: "Databasen er opptatt akkurat nå. Ingenting er endret. Prøv igjen om litt.",
            en: "The database is busy right now. Nothing was changed. Try again in a moment.")
    }

    /// Whether `error` says the database was busy (rather than that the request was wrong).
    static func isBusy(_ error: any Error) -> Bool {
        switch error {
        case let sqlite as SQLiteError:
            switch sqlite.reason {
            case .busy, .locked, .busyTimeout, .busyInSnapshot, .busyInRecovery: return true
            default: return false
            }
        case is ConnectionPoolTimeoutError:
            return true
        case let postgres as PSQLError:
            // Serialization failure, deadlock, lock not available.
            return ["40001", "40P01", "55P03"].contains(postgres.serverInfo?[.sqlState] ?? "")
        default:
            return false
        }
    }
}
