import Foundation

/// Switchboard's own catalog text: one line per deployment, `|`-separated, small enough to bundle and quick to
/// read at start-up. People may write it by hand to add or correct models (`switchboard models import`).
///
///     switchboard-catalog 1
///     # id|name|provider|providerModel|input|output|cacheRead|cacheWrite|context|maxOutput|capabilities|throughput|simulated|lacks|cacheWrite1h|reasoning|image|request|tiers
///     anthropic/claude-sonnet-4-5|Anthropic: Claude Sonnet 4.5|anthropic|claude-sonnet-4-5|3|15|0.3|3.75|200000|64000|caching,tools|||||6
///     anthropic/claude-sonnet-4-5||openrouter|anthropic/claude-sonnet-4.5|3|15
///     google/gemini-2.5-pro||openrouter|google/gemini-2.5-pro|1.25|10|0.125|0.375|1048576|65536|json,pdf,reasoning,tools,vision|||*|||1.25||200000:2.5/15/0.25
///
/// Prices are USD per million tokens as plain decimals (exact: Decimal, never Double), except `image` (USD per
/// input image) and `request` (USD per request); an empty field is unknown and trailing empty fields are left
/// off. `capabilities` lists what the deployment supports, `lacks` what the data says it does not (`*`: every
/// capability not listed as supported); a capability in neither is unknown. `reasoning` is empty when reasoning
/// is billed as output. `tiers` holds the rates for long prompts, `;`-separated, each
/// `ABOVE:input/output/cacheRead/cacheWrite/cacheWrite1h/reasoning/image` (applies when the whole prompt is
/// above ABOVE tokens; empty parts unknown, trailing ones left off). Files written before these last six
/// columns existed read as before. A model's lines are written together and its name only on
/// the first. `#` lines and blank lines are comments. `\\`, `\p` (for `|`), `\n`, `\r`, `\t` escape text fields.
public enum CatalogCodec {
    public static let header = "switchboard-catalog 1"
    static let headerPrefix = "switchboard-catalog "
    static let columns = ["id", "name", "provider", "providerModel", "input", "output", "cacheRead", "cacheWrite",
                          "context", "maxOutput", "capabilities", "throughput", "simulated",
                          "lacks", "cacheWrite1h", "reasoning", "image", "request", "tiers"]
    static let million = Decimal(1_000_000)

    /// The text of `models`, in the order given (deployments too).
    public static func encode(_ models: [CatalogModel]) -> String {
        var out = header + "\n"
        out += "# " + columns.joined(separator: "|") + "\n"
        out += "# prices in USD per million tokens (image: per image, request: per request); an empty field is unknown; "
            + "a model's name is on its first line\n"
        for model in models {
            for (position, deployment) in model.deployments.enumerated() {
                out += line(model: model, deployment: deployment, withName: position == 0)
                out += "\n"
            }
        }
        return out
    }

    static func line(model: CatalogModel, deployment: Deployment, withName: Bool) -> String {
        let price = deployment.price
        let capabilities: [String] = deployment.capabilities.map(\.rawValue).sorted()
        let throughput: String = deployment.throughputHint.map { "\($0)" } ?? ""
        var fields: [String] = [escaped(model.id), withName ? escaped(model.name) : "", escaped(deployment.provider),
                                escaped(deployment.providerModel)]
        fields += [perMillion(price.input), perMillion(price.output), perMillion(price.cacheRead),
                   perMillion(price.cacheWrite)]
        fields += [deployment.contextWindow.map(String.init) ?? "", deployment.maxOutput.map(String.init) ?? ""]
        fields += [capabilities.joined(separator: ","), throughput, deployment.simulated ? "1" : ""]
        fields += [lacks(deployment.capabilityFacts), perMillion(price.cacheWrite1h), perMillion(price.base.reasoning),
                   price.base.image.map { $0.description } ?? "", price.perRequest.map { $0.description } ?? "",
                   price.tiers.map(tier).joined(separator: ";")]
        while fields.count > 4, fields.last?.isEmpty == true { fields.removeLast() }
        return fields.joined(separator: "|")
    }

    static func lacks(_ facts: Capabilities) -> String {
        guard !facts.lacking.isEmpty else { return "" }
        if facts.isComplete { return "*" }
        return facts.lacking.map(\.rawValue).sorted().joined(separator: ",")
    }

    /// `ABOVE:input/output/cacheRead/cacheWrite/cacheWrite1h/reasoning/image`, trailing empty parts left off.
    static func tier(_ tier: PriceTier) -> String {
        let rates = tier.rates
        var parts = [perMillion(rates.input), perMillion(rates.output), perMillion(rates.cacheRead),
                     perMillion(rates.cacheWrite), perMillion(rates.cacheWrite1h), perMillion(rates.reasoning),
                     rates.image.map { $0.description } ?? ""]
        while parts.last?.isEmpty == true { parts.removeLast() }
        return "\(tier.abovePromptTokens):" + parts.joined(separator: "/")
    }

    static func perMillion(_ price: Decimal?) -> String {
        guard let price else { return "" }
        return (price * million).description
    }

    static func escaped(_ text: String) -> String {
        guard text.contains(where: { "\\|\n\r\t".contains($0) }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "|": out += "\\p"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(character)
            }
        }
        return out
    }

    /// The models in `text`. Lines of one id that are not together still join one model. Throws
    /// `CatalogCodecError` naming the first bad line.
    public static func decode(_ text: String) throws -> [CatalogModel] {
        var text = text
        return try text.withUTF8 { bytes in
            var reader = CatalogLineReader(bytes: bytes)
            return try reader.readAll()
        }
    }
}

/// A line that could not be read, with its 1-based number.
public struct CatalogCodecError: Error, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "catalog line \(line): \(message)" }
}
