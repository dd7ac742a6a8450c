import XCTest
@testable import SwitchboardCore

final class CatalogCodecTests: XCTestCase {
    private static let columns = "# id|name|provider|providerModel|input|output|cacheRead|cacheWrite|context|maxOutput"
        + "|capabilities|throughput|simulated|lacks|cacheWrite1h|reasoning|image|request|tiers\n"
        + "# prices in USD per million tokens (image: per image, request: per request); an empty field is unknown; "
        + "a model's name is on its first line\n"

    /// Text exactly as `encode` writes it.
    private static let canonicalText = "switchboard-catalog 1\n" + columns + """
        anthropic/claude-sonnet-4-5|Anthropic: Claude Sonnet 4.5|anthropic|claude-sonnet-4-5|3|15|0.3|3.75|200000|64000|caching,json,reasoning,tools,vision
        anthropic/claude-sonnet-4-5||openrouter|anthropic/claude-sonnet-4.5|3|15|0.3||1000000
        demo/echo|Demo \\p Echo|demo|echo|0|0|0|0|||||1
        openai/gpt-4o-mini|OpenAI: GPT-4o-mini|openai|gpt-4o-mini|0.15|0.6|0.075||128000|16384|tools|120.5
        x/unknown|x/unknown|x|unknown

        """

    func testEncodingDecodedTextGivesTheSameText() throws {
        let models = try CatalogCodec.decode(Self.canonicalText)
        XCTAssertEqual(CatalogCodec.encode(models), Self.canonicalText)
    }

    func testDecodesFieldsExactly() throws {
        let models = try CatalogCodec.decode(Self.canonicalText)
        XCTAssertEqual(models.map(\.id), ["anthropic/claude-sonnet-4-5", "demo/echo", "openai/gpt-4o-mini", "x/unknown"])
        let sonnet = models[0]
        XCTAssertEqual(sonnet.name, "Anthropic: Claude Sonnet 4.5")
        XCTAssertEqual(sonnet.deployments.map(\.provider), ["anthropic", "openrouter"])
        XCTAssertEqual(sonnet.deployments[0].price.input, Decimal(string: "0.000003"))
        XCTAssertEqual(sonnet.deployments[0].price.cacheWrite, Decimal(string: "0.00000375"))
        XCTAssertNil(sonnet.deployments[1].price.cacheWrite)
        XCTAssertEqual(sonnet.deployments[1].contextWindow, 1_000_000)
        XCTAssertNil(sonnet.deployments[1].maxOutput)
        XCTAssertEqual(sonnet.deployments[0].capabilities, Set(Capability.allCases).subtracting([.pdf]))
        XCTAssertEqual(models[1].name, "Demo | Echo")
        XCTAssertTrue(models[1].deployments[0].simulated)
        XCTAssertEqual(models[1].deployments[0].price, .free)
        XCTAssertEqual(models[2].deployments[0].throughputHint, 120.5)
        XCTAssertEqual(models[2].deployments[0].price.input, Decimal(string: "0.00000015"))
        XCTAssertEqual(models[3].deployments[0].price, .unknown)
    }

    func testModelsSurviveARoundTrip() throws {
        let models = [
            CatalogModel(id: "v/odd|name", name: "Tab\there, newline\nthere, back\\slash", deployments: [
                Deployment(provider: "p", providerModel: "m\r", price: Price(
                    input: Decimal(string: "0.0000000208333333333333333333"), output: Decimal(string: "0.00002"),
                    cacheRead: nil, cacheWrite: Decimal(string: "0.0000000375")),
                    contextWindow: 8192, maxOutput: nil, capabilities: [.vision], throughputHint: 42, simulated: false),
            ]),
            CatalogModel(id: "v/free", name: "", deployments: [
                Deployment(provider: "demo", providerModel: "free", price: .free, simulated: true),
            ]),
        ]
        XCTAssertEqual(try CatalogCodec.decode(CatalogCodec.encode(models)), models)
    }

    func testCommentsBlankLinesCRLFAndScatteredLinesAreAccepted() throws {
        let text = "switchboard-catalog 1\r\n# hand-written\r\n\r\n  \r\n"
            + "a/m|A M|p1|m|1|2\r\n" + "b/m|B|p1|m\r\n" + "a/m||p2|a/m|0.5|1\r\n"
        let models = try CatalogCodec.decode(text)
        XCTAssertEqual(models.map(\.id), ["a/m", "b/m"])
        XCTAssertEqual(models[0].deployments.map(\.provider), ["p1", "p2"])
        XCTAssertEqual(models[0].deployments[1].price.input, Decimal(string: "0.0000005"))
    }

    func testErrorsNameTheLine() {
        let cases: [(String, Int, String)] = [
            ("", 1, "expected 'switchboard-catalog 1'"),
            ("{\"data\": []}\n", 1, "expected 'switchboard-catalog 1'"),
            ("switchboard-catalog 2\n", 1, "unsupported catalog version '2'"),
            ("switchboard-catalog 1\na/m|A|p\n", 2, "found 3"),
            ("switchboard-catalog 1\n# c\na/m|A|p|m|1|2|3|4|5|6|tools|1|1||||||1:1|extra\n", 3, "found 20"),
            ("switchboard-catalog 1\na/m|A|p|m|0.1\nb/m|B|p|m|1e-6\n", 3, "input '1e-6' is not a plain decimal"),
            ("switchboard-catalog 1\na/m|A|p|m||$3\n", 2, "output '$3'"),
            ("switchboard-catalog 1\na/m|A|p|m|||||128k\n", 2, "context '128k' is not a whole number"),
            ("switchboard-catalog 1\na/m|A|p|m|||||||telepathy\n", 2, "unknown capability 'telepathy'"),
            ("switchboard-catalog 1\na/m|A|p|m||||||||fast\n", 2, "throughput 'fast'"),
            ("switchboard-catalog 1\na/m|A|p|m|||||||||yes\n", 2, "simulated 'yes'"),
            ("switchboard-catalog 1\n|A|p|m\n", 2, "id is empty"),
            ("switchboard-catalog 1\na/m|A||m\n", 2, "provider is empty"),
            ("switchboard-catalog 1\na/m|A \\x|p|m\n", 2, "bad escape in name"),
            ("switchboard-catalog 1\na/m|A|p|m\n\na/m||p|m2\n", 4, "already has a 'p' deployment"),
        ]
        for (text, line, fragment) in cases {
            XCTAssertThrowsError(try CatalogCodec.decode(text), text) { error in
                guard let error = error as? CatalogCodecError else { return XCTFail("\(error)") }
                XCTAssertEqual(error.line, line, text)
                XCTAssertTrue(error.message.contains(fragment), "\(error.message) lacks \(fragment)")
                XCTAssertTrue(error.description.hasPrefix("catalog line \(line): "))
            }
        }
    }

    func testPricesArePerMillionInTheText() {
        let model = CatalogModel(id: "a/b", name: "A B", deployments: [
            Deployment(provider: "p", providerModel: "b",
                       price: Price(input: Decimal(string: "0.00000015"), output: Decimal(string: "0.0000006"))),
        ])
        XCTAssertTrue(CatalogCodec.encode([model]).hasSuffix("\na/b|A B|p|b|0.15|0.6\n"))
    }
}
