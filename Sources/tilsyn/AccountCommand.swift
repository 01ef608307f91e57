import ArgumentParser
import Foundation
import TilsynServer

/// `tilsyn account password EMPLOYEE_NUMBER`: create a sign-in or set a new password.
struct Account: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign-in accounts.", subcommands: [Password.self])

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the account of a staff member, or set a new password (ending their sessions).",
            discussion: """
                The password is read from the environment variable TILSYN_PASSWORD or, if that is not set, \
                as one line from standard input, so it never appears in the process list or shell history.
                """)
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The staff member's employee number (as imported).") var employeeNumber: String
        @Option(help: "Username for a new account (default: the employee number in lower case).") var username: String?

        func run() async throws {
            let password: String
            if let fromEnvironment = ProcessInfo.processInfo.environment["TILSYN_PASSWORD"] {
                password = fromEnvironment
            } else if let line = readLine(strippingNewline: true) {
                password = line
            } else {
                throw ValidationError("No password: set TILSYN_PASSWORD or give it on standard input.")
            }
            let (number, name) = (employeeNumber, username)
            let username = try await TilsynOperations.withApplication(storage.configuration()) {
                try await TilsynOperations.setPassword($0, employeeNumber: number, username: name, password: password)
            }
            print("The account '\(username)' can sign in with the new password.")
        }
    }
}
