// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "agent-report",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "agent-report", targets: ["agent-report"]),
        .executable(name: "agent-report-mcp", targets: ["agent-report-mcp"]),
        .library(name: "AgentReport", targets: ["AgentReport"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
        // The official Model Context Protocol SDK, for `agent-report mcp` only.
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.0"),
        // Its logging API, named by the transport `agent-report mcp` wraps.
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // libxml2, reached only through SafeHTML.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // A standalone JSON Schema draft 2020-12 validator; knows nothing about agents.
        .target(
            name: "JSONSchema",
            exclude: ["README.md", "MetaSchemas/README.md"]
        ),
        // The only code that touches libxml2.
        .target(name: "SafeHTML", dependencies: ["CLibXML2"]),
        // The library: input → parse → bind → validate → render → publish.
        .target(
            name: "AgentReport",
            dependencies: [
                "JSONSchema",
                "SafeHTML",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Ink", package: "Ink"),
            ],
            plugins: ["EmbedSchemasPlugin"]
        ),
        // The command: argument parsing and printing only. Ship it built with
        // `swift build -c release --static-swift-stdlib`: loading the Swift runtime and
        // Foundation dynamically costs ~6 ms at every start.
        .executableTarget(
            name: "agent-report",
            dependencies: [
                "AgentReport",
                "JSONSchema",
            ]
        ),
        // The MCP server `agent-report mcp` becomes: a program of its own, because the MCP SDK
        // brings FoundationNetworking and libcurl, which the hook's every start should not load.
        .executableTarget(
            name: "agent-report-mcp",
            dependencies: [
                "AgentReport",
                "JSONSchema",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Release-build benchmarks that print tables: `swift run -c release agent-report-bench`.
        .executableTarget(
            name: "agent-report-bench",
            dependencies: ["AgentReport", "JSONSchema"]
        ),
        // Embeds schemas/*.json into AgentReport at build time, so schemas/ stays the single source.
        .executableTarget(name: "embed-schemas"),
        .plugin(
            name: "EmbedSchemasPlugin",
            capability: .buildTool(),
            dependencies: ["embed-schemas"],
            path: "Sources/EmbedSchemasPlugin"
        ),
        // Helpers the test targets share (running a program); not shipped.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema"]),
        .testTarget(name: "SafeHTMLTests", dependencies: ["SafeHTML"]),
        .testTarget(
            name: "AgentReportTests",
            dependencies: ["AgentReport", "JSONSchema", "SafeHTML", "TestSupport"],
            exclude: ["Support/heldout.py", "Support/shapes.py", "Fixtures"]
        ),
        // End-to-end: runs the built `agent-report` on literate cases and golden files.
        .testTarget(
            name: "CLITests",
            dependencies: ["agent-report", "agent-report-mcp", "JSONSchema", "TestSupport"],
            exclude: ["Fixtures", "Cases"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
