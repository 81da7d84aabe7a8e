// swift-tools-version: 6.2
// Carelog: an event-sourced care record for Care at Home services in Scotland.
//
// Modules depend one way only:
//   CLMDB ← LMDBStorage ← LMDBEventLog
//   CSHA256 ← TransparencyLog (RFC 9162 tree, C2SP checkpoints; on swift-crypto) ← LMDBEventLog, CarelogCLI
//   CivilCalendar (Gregorian day arithmetic, a leaf) ← EventLog (protocol, chain, in-memory store) ← LMDBEventLog
//   CivilCalendar ← CareCalendar (care-domain dates)
//   EventLog, CareCalendar ← CareRecord (event catalogue) ← Projections ← Reports ← CarelogCLI ← carelog
//   Reports, LMDBEventLog ← CarelogOperations (import, reports, key files) ← CarelogService (`carelog serve`), CarelogCLI
//   CarelogOperations, CarelogService ← CarelogWeb (the pages under /web) ← CarelogCLI
//   AllocatorSettings (mimalloc's options, looked up at run time; a leaf) ← CarelogCLI, carelog, carelog-bench
import PackageDescription

/// Settings every Carelog target shares.
let swiftSettings: [SwiftSetting] = [
    // SE-0335: `any` spelled out for existentials.
    .enableUpcomingFeature("ExistentialAny"),
    // SE-0444: a file sees only what it imports.
    .enableUpcomingFeature("MemberImportVisibility"),
    // Gate: warnings are errors in every target of this package (not in its dependencies).
    .treatAllWarnings(as: .error),
]

/// The lowest layers also import internally by default (SE-0409): a dependency shows in their
/// interface only where a file says `public import`. Docs/architecture.md says why the other
/// targets do not yet.
let leafSwiftSettings = swiftSettings + [.enableUpcomingFeature("InternalImportsByDefault")]

/// The executables link mimalloc (Debian `libmimalloc-dev`), which then serves every `malloc` and
/// `free` of the process in place of the C library's: an import spends about a sixth of its CPU
/// allocating and freeing (Docs/performance-log.md, "The allocator"). On Linux only: elsewhere the
/// system allocator stays.
let allocatorLinkerSettings: [LinkerSetting] = [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]

let package = Package(
    name: "Carelog",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "carelog", targets: ["carelog"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "LMDBEventLog", targets: ["LMDBEventLog"]),
        .library(name: "CareRecord", targets: ["CareRecord"]),
        .library(name: "Projections", targets: ["Projections"]),
        .library(name: "Reports", targets: ["Reports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // 3.x or 4.x: jwt-kit 5.7 (the service's token checks) needs swift-crypto 4.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // The HTTP service (`carelog serve`): Hummingbird 2, bearer-token checks, graceful shutdown, logs.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Mapped import of spreadsheet and ECM exports (Docs/import.md).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    ],
    targets: [
        // Storage: the only module that sees the C library.
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"]), .brew(["lmdb"])]),
        .target(name: "LMDBStorage", dependencies: ["CLMDB"], swiftSettings: leafSwiftSettings),

        // Civil-day arithmetic shared by the event log's timestamps and the care calendar.
        .target(name: "CivilCalendar", swiftSettings: leafSwiftSettings),

        // Event log: the store protocol, envelope, hash chain and the in-memory store.
        .target(
            name: "EventLog",
            dependencies: ["CivilCalendar", "CSHA256", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),
        .target(
            name: "LMDBEventLog", dependencies: ["LMDBStorage", "EventLog", "TransparencyLog"],
            swiftSettings: swiftSettings),

        // Care domain.
        .target(name: "CareCalendar", dependencies: ["CivilCalendar"], swiftSettings: leafSwiftSettings),
        .target(
            name: "CareRecord", dependencies: ["EventLog", "CareCalendar"],
            swiftSettings: swiftSettings),
        .target(
            name: "Projections", dependencies: ["CareRecord", "EventLog", "CareCalendar"],
            swiftSettings: swiftSettings),
        .target(
            name: "Reports",
            dependencies: [
                "Projections", "CareRecord", "EventLog", "CareCalendar",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "DemoPartnership", dependencies: ["CareRecord", "EventLog", "CareCalendar"],
            swiftSettings: swiftSettings),

        // Mapped import: CSV and .xlsx exports read through a YAML mapping into the catalogue's event lines.
        .target(
            name: "SourceImport",
            dependencies: [
                "CareRecord", "EventLog", "CareCalendar", .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ],
            swiftSettings: swiftSettings),

        // SHA-256 on a caller-owned state (x86 SHA extensions when present): the tree's many short hashes.
        .target(name: "CSHA256"),
        // The executables' allocator options (mimalloc's large pages for reports), set at start-up.
        .target(name: "AllocatorSettings", swiftSettings: leafSwiftSettings),

        // Verifiable log core (RFC 9162 tree and proofs, C2SP checkpoints): a leaf on swift-crypto.
        .target(
            name: "TransparencyLog", dependencies: ["CSHA256", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings),

        // What a user can ask of a store, shared by the command line and the service: import,
        // reports and extracts at a log cut, stream history, the store's key files, errors.
        .target(
            name: "CarelogOperations",
            dependencies: [
                "EventLog", "LMDBEventLog", "CareRecord", "CareCalendar", "Projections", "Reports", "TransparencyLog",
            ],
            swiftSettings: swiftSettings),

        // The HTTP service: a thin door onto the same modules the command line uses.
        .target(
            name: "CarelogService",
            dependencies: [
                "EventLog", "LMDBEventLog", "CareRecord", "CareCalendar", "Projections", "Reports", "CarelogOperations",
                "TransparencyLog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings),

        // The web pages (`carelog serve` under /web): sign-in by OpenID Connect, server-rendered reports.
        .target(
            name: "CarelogWeb",
            dependencies: [
                "EventLog", "CareCalendar", "Projections", "Reports", "CarelogOperations", "CarelogService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),

        // The command line.
        .target(
            name: "CarelogCLI",
            dependencies: [
                "EventLog", "LMDBEventLog", "CareRecord", "CareCalendar", "Projections", "Reports",
                "DemoPartnership", "TransparencyLog", "SourceImport", "CarelogOperations", "CarelogService",
                "CarelogWeb", "AllocatorSettings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "carelog", dependencies: ["CarelogCLI", "AllocatorSettings"], swiftSettings: swiftSettings,
            linkerSettings: allocatorLinkerSettings),

        // Tools: benchmark and reliability harnesses (release builds).
        .executableTarget(
            name: "carelog-bench",
            dependencies: [
                "EventLog", "LMDBEventLog", "CareRecord", "Projections", "DemoPartnership",
                "TransparencyLog", "AllocatorSettings", "CarelogOperations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/CarelogBench", swiftSettings: swiftSettings, linkerSettings: allocatorLinkerSettings),
        .executableTarget(
            name: "carelog-reliability",
            dependencies: [
                "EventLog", "LMDBEventLog", "LMDBStorage", "CareRecord",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tools/CarelogReliability", swiftSettings: swiftSettings),

        // Tests mirror the modules; TestSupport holds what several test targets share.
        .target(
            name: "TestSupport", dependencies: ["EventLog"], path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "CivilCalendarTests", dependencies: ["CivilCalendar"], swiftSettings: swiftSettings),
        .testTarget(name: "LMDBStorageTests", dependencies: ["LMDBStorage"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EventLogTests", dependencies: ["EventLog", "LMDBEventLog", "LMDBStorage", "TransparencyLog"],
            swiftSettings: swiftSettings),
        .testTarget(name: "AllocatorSettingsTests", dependencies: ["AllocatorSettings"], swiftSettings: swiftSettings),
        .testTarget(name: "CareCalendarTests", dependencies: ["CareCalendar"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TransparencyLogTests", dependencies: ["TransparencyLog", "TestSupport"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CareRecordTests", dependencies: ["CareRecord", "EventLog", "CareCalendar", "TestSupport"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "ProjectionsTests",
            dependencies: ["Projections", "CareRecord", "EventLog", "CareCalendar", "LMDBEventLog"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "Projections", "CareRecord", "EventLog",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SourceImportTests",
            dependencies: [
                "SourceImport", "CareRecord", "EventLog", "CareCalendar",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CarelogCLITests",
            dependencies: [
                "CarelogCLI", "EventLog", "LMDBEventLog", "LMDBStorage", "CareRecord", "CareCalendar",
                "DemoPartnership", "Projections", "Reports", "TransparencyLog", "CarelogOperations", "TestSupport",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CarelogServiceTests",
            dependencies: [
                "CarelogService", "CarelogOperations", "EventLog", "LMDBEventLog", "CareRecord", "CareCalendar",
                "Reports", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CarelogWebTests",
            dependencies: [
                "CarelogWeb", "CarelogService", "CarelogOperations", "EventLog", "CareRecord", "CareCalendar",
                "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
    ]
)
