import Foundation
import Testing
import VaporTesting

@testable import TilsynServer

extension ServerTests {
    @Suite struct OpenAPIAndCatalogueTests {
        /// Every JSON API route is described in openapi.yaml, and nothing there is unrouted.
        @Test func openAPIDescribesEveryAPIRoute() async throws {
            try await withTilsyn { app in
                let yaml = try String(contentsOfFile: "openapi.yaml", encoding: .utf8)
                var documented = Set<String>()
                var currentPath: String?
                for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix("  /"), line.hasSuffix(":") {
                        currentPath = String(line.dropFirst(2).dropLast())
                    } else if let path = currentPath, line.hasPrefix("    "), !line.hasPrefix("     "),
                        let method = ["get", "post", "put", "delete", "patch"].first(where: { line == "    \($0):" })
                    {
                        documented.insert("\(method.uppercased()) \(path)")
                    } else if !line.hasPrefix(" "), !line.isEmpty {
                        currentPath = nil
                    }
                }
                let routed = Set(
                    app.routes.all.compactMap { route -> String? in
                        let path =
                            "/"
                            + route.path.map { component -> String in
                                if case .parameter(let name) = component { return "{\(name)}" }
                                return component.description
                            }.joined(separator: "/")
                        guard path.hasPrefix("/api/") || path == "/healthz" else { return nil }
                        return "\(route.method.rawValue) \(path)"
                    })
                #expect(
                    routed.subtracting(documented).isEmpty, "not in openapi.yaml: \(routed.subtracting(documented))")
                #expect(documented.subtracting(routed).isEmpty, "not routed: \(documented.subtracting(routed))")
                let served = try await app.send(.GET, "/openapi.yaml")
                #expect(served.status == .ok)
                #expect(served.text == yaml)
            }
        }

        @Test func catalogueHasTheSameKeysInBothLanguagesAndCoversEveryTemplate() throws {
            let catalogue = try Catalogue(directory: "Resources/Localization")
            let norwegian = Set(catalogue.texts(for: "nb").keys)
            #expect(norwegian == Set(catalogue.texts(for: "en").keys))
            let views = try FileManager.default.contentsOfDirectory(atPath: "Resources/Views")
            let pattern = try Regex(#"t\.([a-z_A-Z]+)"#)
            for view in views {
                let text = try String(contentsOfFile: "Resources/Views/\(view)", encoding: .utf8)
                for match in text.matches(of: pattern) {
                    let key = String(match.output[1].substring!)
                    #expect(norwegian.contains(key), "\(view) uses t.\(key), which the catalogue lacks")
                }
            }
        }
    }
}
