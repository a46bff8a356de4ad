// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dssm-graph",
    products: [
        .executable(name: "dssm-graph", targets: ["dssm-graph"]),
        .library(name: "GraphIR", targets: ["GraphIR"]),
        .library(name: "Layers", targets: ["Layers"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Passes", targets: ["Passes"]),
        .library(name: "Runtime", targets: ["Runtime"]),
        .library(name: "Plot", targets: ["Plot"]),
    ],
    targets: [
        .systemLibrary(
            name: "CGraphviz", pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .target(name: "GraphIR"),
        .target(name: "Layers", dependencies: ["GraphIR"]),
        .target(name: "Models", dependencies: ["Layers"]),
        .target(name: "Passes", dependencies: ["GraphIR"]),
        .target(name: "Runtime", dependencies: ["GraphIR", "COpenBLAS"]),
        .target(name: "Plot", dependencies: ["GraphIR", "CGraphviz"]),
        .executableTarget(
            name: "dssm-graph",
            dependencies: ["GraphIR", "Layers", "Models", "Passes", "Runtime", "Plot"]),
        .target(
            name: "TestSupport", dependencies: ["GraphIR", "Layers"],
            path: "Tests/TestSupport"),
        .testTarget(name: "GraphIRTests", dependencies: ["GraphIR", "TestSupport"]),
        .testTarget(name: "LayersTests", dependencies: ["Layers", "TestSupport"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "TestSupport"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Models", "TestSupport"]),
        .testTarget(name: "PassesTests", dependencies: ["Passes", "Runtime", "Models", "TestSupport"]),
        .testTarget(name: "PlotTests", dependencies: ["Plot", "Models", "Passes", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
