// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Tilsyn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tilsyn", targets: ["tilsyn"]),
        .library(name: "TilsynCore", targets: ["TilsynCore"]),
        .library(name: "Planner", targets: ["Planner"]),
        .library(name: "SCAIP", targets: ["SCAIP"]),
        .library(name: "TilsynServer", targets: ["TilsynServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .target(name: "TilsynCore"),
        .target(name: "Planner"),
        .target(name: "SCAIP", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "TilsynServer",
            dependencies: [
                "TilsynCore", "Planner", "SCAIP",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "tilsyn",
            dependencies: [
                "TilsynServer", "Planner",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TilsynCoreTests", dependencies: ["TilsynCore"]),
        .testTarget(name: "PlannerTests", dependencies: ["Planner"]),
        .testTarget(name: "SCAIPTests", dependencies: ["SCAIP"]),
        .testTarget(
            name: "TilsynServerTests",
            dependencies: [
                "TilsynServer",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
