// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Switchboard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Neutral model, catalog, provider translation, streaming parsers, routing engine.
        // Foundation and swift-log only: no terminal, SQL or HTTP library.
        .target(
            name: "SwitchboardCore",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            // The tokenizers' rank files, byte for byte (Tokens/Encodings/SOURCES.md).
            resources: [.copy("Tokens/Encodings")]
        ),
        // The only importer of AsyncHTTPClient.
        .target(
            name: "SwitchboardHTTP",
            dependencies: [
                "SwitchboardCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // The only importer of GRDB: sessions, messages, attempts, budgets, full-text search.
        .target(
            name: "SwitchboardStore",
            dependencies: ["SwitchboardCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The only importer of TOMLKit: config.toml into Core's Configuration.
        .target(
            name: "SwitchboardConfig",
            dependencies: ["SwitchboardCore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // The only importer of PostgresNIO: the store port on a shared PostgreSQL database (several gateways).
        .target(
            name: "SwitchboardPostgres",
            dependencies: [
                "SwitchboardCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The C boundary: ncursesw with the wide-character API, plus sb_ wrappers for macros Swift cannot import.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        // The workbench: pure state/update, widgets drawn into a cell buffer, and a curses driver.
        .target(
            name: "SwitchboardTUI",
            dependencies: ["SwitchboardCore", "SwitchboardConfig", "CNCursesW"]
        ),
        // The only importer of Hummingbird: `serve`. Depends on Core only; the store and transport arrive
        // through Core's ports, wired by the executable.
        .target(
            name: "SwitchboardServer",
            dependencies: [
                "SwitchboardCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // The only importer of the MCP SDK: tool servers (stdio and streamable HTTP) as Core's ToolProvider port.
        .target(
            name: "SwitchboardMCP",
            dependencies: ["SwitchboardCore", .product(name: "MCP", package: "swift-sdk")]
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardCore", "SwitchboardHTTP", "SwitchboardConfig", "SwitchboardStore", "SwitchboardTUI",
                "SwitchboardServer", "SwitchboardMCP", "SwitchboardPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Builds Sources/SwitchboardCore/Catalog/BundledCatalog+Data.swift from shared/data.
        // Its SHA-256 is its own (tested with the NIST vectors): swift-crypto would add BoringSSL, 1-1.5 min to every
        // cold build, for one digest of two files.
        .executableTarget(
            name: "catalog-gen",
            dependencies: ["SwitchboardCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "switchboard-bench",
            dependencies: ["SwitchboardCore", "SwitchboardHTTP", "SwitchboardStore", "SwitchboardPostgres", "SwitchboardTUI",
                           "SwitchboardTestSupport"]
        ),
        // The floor under serve's overhead (serve's HTTP stack forwarding bytes, nothing else), run by the serve benchmark.
        .executableTarget(
            name: "switchboard-forwarder",
            dependencies: ["SwitchboardCore", "SwitchboardHTTP", "SwitchboardServer"]
        ),
        // Loopback fixture servers speaking each provider's wire format, fault scripts, fakes.
        .target(
            name: "SwitchboardTestSupport",
            dependencies: [
                "SwitchboardCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "SwitchboardCoreTests", dependencies: ["SwitchboardCore", "SwitchboardTestSupport"]),
        .testTarget(
            name: "SwitchboardHTTPTests",
            dependencies: ["SwitchboardCore", "SwitchboardHTTP", "SwitchboardTestSupport"]
        ),
        .testTarget(name: "SwitchboardStoreTests", dependencies: ["SwitchboardStore", "SwitchboardCore"]),
        .testTarget(
            name: "SwitchboardPostgresTests",
            dependencies: ["SwitchboardPostgres", "SwitchboardStore", "SwitchboardCore", "SwitchboardTestSupport"]
        ),
        .testTarget(
            name: "SwitchboardServerTests",
            dependencies: ["SwitchboardServer", "SwitchboardCore", "SwitchboardTestSupport"]
        ),
        .testTarget(name: "SwitchboardTUITests", dependencies: ["SwitchboardTUI", "SwitchboardCore"]),
        .testTarget(
            name: "SwitchboardMCPTests",
            dependencies: ["SwitchboardMCP", "SwitchboardCore", "SwitchboardTestSupport"]
        ),
        .testTarget(name: "CatalogGenTests", dependencies: ["catalog-gen"]),
        .testTarget(name: "SwitchboardConfigTests", dependencies: ["SwitchboardConfig", "SwitchboardCore"]),
        .testTarget(name: "switchboardTests", dependencies: ["switchboard", "SwitchboardCore", "SwitchboardStore", "SwitchboardHTTP", "SwitchboardTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
