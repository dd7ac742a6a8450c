import Foundation
import SwitchboardCore

/// catalog-gen: builds Sources/SwitchboardCore/Catalog/BundledCatalog+Data.swift from the LiteLLM and
/// OpenRouter data files. Run from the repository root: `swift run catalog-gen [--data DIR] [--out FILE]
/// [--retired-before YYYY-MM-DD] [--check]`. Output is deterministic: the same data gives the same bytes.

struct GeneratorOptions {
    var data = "../shared/data"
    var out = "Sources/SwitchboardCore/Catalog/BundledCatalog+Data.swift"
    var retiredBefore: String?
    /// Compare with the file on disk instead of writing it; exit 1 when it is out of date.
    var check = false

    static let usage = """
        usage: swift run catalog-gen [--data DIR] [--out FILE] [--retired-before YYYY-MM-DD] [--check]
          --data DIR         folder with litellm-model-prices.json, openrouter-models.json, SOURCES.md
                             (default ../shared/data)
          --out FILE         Swift file to write (default Sources/SwitchboardCore/Catalog/BundledCatalog+Data.swift)
          --retired-before   leave out entries deprecated or expiring before this day
                             (default: the day SOURCES.md says the data was collected)
          --check            do not write; exit 1 if FILE differs from what would be written
        """

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--data": data = try Self.value(for: flag, from: &rest)
            case "--out": out = try Self.value(for: flag, from: &rest)
            case "--retired-before": retiredBefore = try Self.value(for: flag, from: &rest)
            case "--check": check = true
            case "-h", "--help": throw GeneratorError(message: Self.usage, exitCode: 0)
            default: throw GeneratorError(message: "unknown argument '\(flag)'\n" + Self.usage)
            }
        }
    }

    private static func value(for flag: String, from rest: inout ArraySlice<String>) throws -> String {
        guard let value = rest.popFirst() else { throw GeneratorError(message: "\(flag) needs a value\n" + usage) }
        return value
    }
}

struct GeneratorError: Error {
    var message: String
    var exitCode: Int32 = 1
}

func readVerified(_ file: String, in directory: URL, manifest: SourcesManifest) throws -> (Data, String) {
    let url = directory.appendingPathComponent(file)
    guard let data = FileManager.default.contents(atPath: url.path) else {
        throw GeneratorError(message: "cannot read \(url.path)")
    }
    let digest = SHA256.hex(data)
    guard let recorded = manifest.digests[file] else {
        throw GeneratorError(message: "SOURCES.md records no sha256 for \(file)")
    }
    guard recorded == digest else {
        throw GeneratorError(message: "\(file) has sha256 \(digest), but SOURCES.md records \(recorded)")
    }
    return (data, digest)
}

/// Best of several decodes, in milliseconds: the start-up cost of the bundled catalog in this build.
func decodeMilliseconds(_ text: String, runs: Int = 7) throws -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = ModelCatalog(models: try CatalogCodec.decode(text))
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    return best
}

func run() throws {
    let options = try GeneratorOptions(arguments: Array(CommandLine.arguments.dropFirst()))
    let directory = URL(fileURLWithPath: options.data)
    guard let manifestData = FileManager.default.contents(atPath: directory.appendingPathComponent("SOURCES.md").path) else {
        throw GeneratorError(message: "cannot read SOURCES.md in \(directory.path)")
    }
    let manifest = SourcesManifest(text: String(decoding: manifestData, as: UTF8.self))
    let (litellmData, litellmDigest) = try readVerified("litellm-model-prices.json", in: directory, manifest: manifest)
    let (openrouterData, openrouterDigest) = try readVerified("openrouter-models.json", in: directory, manifest: manifest)

    let retiredBefore = options.retiredBefore ?? manifest.collected
    let loadOptions = CatalogLoadOptions(retiredBefore: retiredBefore)
    let litellm = try LiteLLMCatalogLoader.load(litellmData, options: loadOptions)
    let openrouter = try OpenRouterCatalogLoader.load(openrouterData, options: loadOptions)
    let models = CatalogMerge.combine(litellm + openrouter).compactMap { model -> CatalogModel? in
        var model = model
        model.deployments.removeAll { $0.provider == "ollama" }
        return model.deployments.isEmpty ? nil : model
    }

    let text = CatalogCodec.encode(models)
    guard try CatalogCodec.decode(text) == models else {
        throw GeneratorError(message: "internal error: the encoded catalog does not decode to the same models")
    }
    let deployments = models.reduce(0) { $0 + $1.deployments.count }
    let summary = "\(models.count) models, \(deployments) deployments, \(text.utf8.count) bytes of catalog text."
    let file = GeneratedSwiftFile(
        catalogText: text,
        sources: [.init(file: "litellm-model-prices.json", sha256: litellmDigest),
                  .init(file: "openrouter-models.json", sha256: openrouterDigest)],
        retiredBefore: retiredBefore, summary: summary).render()

    let existing = FileManager.default.contents(atPath: options.out).map { String(decoding: $0, as: UTF8.self) }
    if options.check {
        guard existing == file else { throw GeneratorError(message: "\(options.out) is out of date: run catalog-gen") }
        print("\(options.out) is up to date")
    } else if existing == file {
        print("\(options.out) unchanged")
    } else {
        try file.write(toFile: options.out, atomically: true, encoding: .utf8)
        print("wrote \(options.out) (\(file.utf8.count) bytes)")
    }
    var perProvider: [String: Int] = [:]
    for model in models { for deployment in model.deployments { perProvider[deployment.provider, default: 0] += 1 } }
    print(summary)
    print("deployments by provider: " + perProvider.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    print(String(format: "decode + index, best of 7: %.2f ms (this build)", try decodeMilliseconds(text)))
}

do {
    try run()
} catch let error as GeneratorError {
    FileHandle.standardError.write(Data((error.message + "\n").utf8))
    exit(error.exitCode)
} catch {
    FileHandle.standardError.write(Data("catalog-gen: \(error)\n".utf8))
    exit(1)
}
