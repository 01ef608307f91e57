import ArgumentParser
import Foundation
import TilsynServer

/// `tilsyn audit verify`: checks the audit log's hash chain.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The audit log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no audit event was changed, removed or inserted out of order.",
            discussion: """
                Walks the hash chain from the first event. Prints the number of events and the hash of the \
                last one: note it, and a later run that prints a different hash for the same count shows a \
                rewritten log. Exits 1 and names the first bad event when the chain is broken.
                """)
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let result = try await TilsynOperations.withApplication(storage.configuration()) {
                try await TilsynOperations.verifyAuditLog($0)
            }
            if let problem = result.problem {
                FileHandle.standardError.write(
                    Data(
                        "The audit log is broken: \(problem). \(result.verified) events before it are intact.\n".utf8))
                throw ExitCode(1)
            }
            print("The audit log is intact: \(result.verified) events, the last with hash \(result.head).")
        }
    }
}
