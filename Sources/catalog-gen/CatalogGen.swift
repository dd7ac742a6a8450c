import ArgumentParser
import Foundation
import SwitchboardCore

/// catalog-gen: builds Sources/SwitchboardCore/Catalog/BundledCatalog+Data.swift from the LiteLLM and
/// OpenRouter data files. Run from the repository root: `swift run catalog-gen [--data DIR] [--out FILE]
/// [--retired-before YYYY-MM-DD] [--check]`. Output is deterministic: the same data gives the same bytes.
/// Arguments are parsed by swift-argument-parser, like `switchboard`'s own.
@main
struct CatalogGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog-gen",
        abstract: "Builds the bundled model catalog from the LiteLLM and OpenRouter data files.")

    @Option(name: .customLong("data"), help: ArgumentHelp(
        "Folder with litellm-model-prices.json, openrouter-models.json and SOURCES.md.", valueName: "DIR"))
    var data = "../shared/data"

    @Option(name: .customLong("out"), help: ArgumentHelp("Swift file to write.", valueName: "FILE"))
    var out = "Sources/SwitchboardCore/Catalog/BundledCatalog+Data.swift"

    @Option(name: .customLong("retired-before"), help: ArgumentHelp(
        "Leave out entries deprecated or expiring before this day (default: the day SOURCES.md says the data was collected).",
        valueName: "YYYY-MM-DD"))
    var retiredBefore: String?

    @Flag(name: .customLong("check"), help: "Do not write; exit 1 if FILE differs from what would be written.")
    var check = false

    func run() throws {
        do {
            try generate(self)
        } catch let error as GeneratorError {
            FileHandle.standardError.write(Data((error.message + "\n").utf8))
            throw ExitCode(error.exitCode)
        }
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

/// Best of several runs, in milliseconds: the start-up cost of the bundled catalog in this build, split into
/// reading the text and building the catalog's indexes.
func startUpMilliseconds(_ text: String, runs: Int = 7) throws -> (decode: Double, index: Double) {
    var best = (decode: Double.infinity, index: Double.infinity)
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let models = try CatalogCodec.decode(text)
        let decoded = DispatchTime.now().uptimeNanoseconds
        _ = ModelCatalog(models: models)
        let indexed = DispatchTime.now().uptimeNanoseconds
        best.decode = min(best.decode, Double(decoded - start) / 1_000_000)
        best.index = min(best.index, Double(indexed - decoded) / 1_000_000)
    }
    return best
}

/// Average cost of one lookup over a mix of spellings, in microseconds.
func lookupMicroseconds(_ catalog: ModelCatalog, rounds: Int = 20_000) -> Double {
    let names = ["anthropic/claude-sonnet-4-5", "Anthropic/Claude-Sonnet-4.5", "gpt-4o-mini", "llama-3.3-70b-versatile",
                 "openrouter/google/gemini-2.5-flash", "no/such-model"]
    var found = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for round in 0..<rounds where catalog.model(names[round % names.count]) != nil { found += 1 }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000 / Double(rounds)
    return found > 0 ? elapsed : .nan
}

func generate(_ options: CatalogGen) throws {
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
    let timing = try startUpMilliseconds(text)
    print(String(format: "start-up cost, best of 7 (this build): decode %.2f ms + index %.2f ms", timing.decode, timing.index))
    let catalog = ModelCatalog(models: models)
    print(String(format: "lookup: %.2f µs on average (this build)", lookupMicroseconds(catalog)))
}

