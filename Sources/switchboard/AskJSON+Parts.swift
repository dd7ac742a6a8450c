import Foundation
import SwitchboardCore
import SwitchboardStore

extension AskJSON {
    /// A tool call in `ask --json`: `arguments` is the JSON the model wrote, as a value (`{}` when it wrote
    /// nothing); arguments that are not JSON at all are kept as the string the model wrote.
    struct ToolCallJSON: Encodable {
        var id: String
        var name: String
        var arguments: JSONValue

        init(_ call: ToolCall) {
            id = call.id
            name = call.name
            let raw = call.arguments.trimmingCharacters(in: .whitespacesAndNewlines)
            if raw.isEmpty {
                arguments = .object([:])
            } else {
                do { arguments = try JSONValue(parsing: raw) } catch { arguments = .string(call.arguments) }
            }
        }
    }

    /// What one billed attempt cost, kind by kind, at the price tier its prompt fell in (`Price.breakdown`).
    /// Amounts are exact decimal strings, "0" for a kind not used; null when a needed price is unknown.
    /// `tier_above_prompt_tokens` is the threshold of the long-prompt tier that applied, null for base rates.
    struct CostSplitJSON: Encodable {
        var model: String
        var provider: String
        @ExplicitNull var tierAbovePromptTokens: Int?
        @ExplicitNull var input: String?
        @ExplicitNull var output: String?
        @ExplicitNull var reasoning: String?
        @ExplicitNull var cacheRead: String?
        @ExplicitNull var cacheWrite: String?
        @ExplicitNull var cacheWrite1h: String?
        @ExplicitNull var images: String?
        @ExplicitNull var perRequest: String?
        @ExplicitNull var total: String?

        enum CodingKeys: String, CodingKey {
            case model, provider, input, output, reasoning, images, total
            case tierAbovePromptTokens = "tier_above_prompt_tokens", cacheRead = "cache_read",
                 cacheWrite = "cache_write", cacheWrite1h = "cache_write_1h", perRequest = "per_request"
        }

        init(_ record: AttemptRecord, price: Price?) {
            model = record.model
            provider = record.provider
            guard let split = price?.breakdown(of: record.usage) else { return }
            func amount(_ money: Money?) -> String { (money ?? .zero).decimalString }
            tierAbovePromptTokens = split.tierAbovePromptTokens
            input = amount(split.input)
            output = amount(split.output)
            reasoning = amount(split.reasoning)
            cacheRead = amount(split.cacheRead)
            cacheWrite = amount(split.cacheWrite)
            cacheWrite1h = amount(split.cacheWrite1h)
            images = amount(split.images)
            perRequest = amount(split.perRequest)
            total = split.total.decimalString
        }
    }

    /// The price each attempt was billed at, looked up by model, provider and provider model.
    typealias Pricing = @Sendable (AttemptRecord) -> Price?

    static func costSplit(_ attempts: [AttemptRecord], pricing: Pricing) -> [CostSplitJSON] {
        attempts.filter { $0.usage.total > 0 || $0.usage.images > 0 }.map { CostSplitJSON($0, price: pricing($0)) }
    }
}

extension ModelCatalog {
    /// The price of the deployment an attempt ran on; nil when the catalog has no such deployment.
    func price(of record: AttemptRecord) -> Price? {
        model(record.model)?.deployments.first {
            $0.provider == record.provider && $0.providerModel == record.providerModel
        }?.price
    }
}
