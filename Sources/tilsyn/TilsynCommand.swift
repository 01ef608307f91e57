import ArgumentParser
import Foundation
import TilsynCore
import TilsynServer

@main
struct TilsynCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tilsyn",
        abstract: "Tilsyn: planning, tablets, safety alarms and follow-up for municipal home care.",
        subcommands: [
            Serve.self, Migrate.self, Demo.self, Import.self, Visits.self, Account.self, Audit.self, Plan.self,
        ])
}
