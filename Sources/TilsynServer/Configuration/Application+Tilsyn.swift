import Foundation
import TilsynCore
import Vapor

extension Application {
    private struct ConfigurationKey: StorageKey {
        typealias Value = TilsynConfiguration
    }

    /// The configuration the application was built with.
    var tilsyn: TilsynConfiguration {
        get {
            guard let configuration = storage[ConfigurationKey.self] else { fatalError("configure() not called") }
            return configuration
        }
        set { storage[ConfigurationKey.self] = newValue }
    }

    /// Today in the municipality's time zone.
    var today: LocalDate { LocalDate(Date(), in: tilsyn.timeZone) }
}
