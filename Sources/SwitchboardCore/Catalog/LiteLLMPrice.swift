import Foundation

/// A LiteLLM entry's prices: base rates, the 1-hour cache write, reasoning, image and per-request prices, and
/// every long-prompt tier the entry states (`*_above_200k_tokens`, `_above_272k_tokens`, `_above_128k_tokens`,
/// ...). Batch, flex and priority service levels are other products, not tiers, and are left out.
enum LiteLLMPrice {
    /// The tier field prefixes (`PREFIX_above_NNNk_tokens`) and the rate each sets.
    private static func set(_ prefix: String, _ price: Decimal, in rates: inout TokenRates) -> Bool {
        switch prefix {
        case "input_cost_per_token": rates.input = price
        case "output_cost_per_token": rates.output = price
        case "cache_read_input_token_cost": rates.cacheRead = price
        case "cache_creation_input_token_cost": rates.cacheWrite = price
        case "cache_creation_input_token_cost_above_1hr": rates.cacheWrite1h = price
        case "input_cost_per_image": rates.image = price
        default: return false
        }
        return true
    }

    static func price(_ entry: [String: Any]) -> Price {
        let base = TokenRates(input: CatalogJSONValue.decimal(entry["input_cost_per_token"]),
                              output: CatalogJSONValue.decimal(entry["output_cost_per_token"]),
                              cacheRead: CatalogJSONValue.decimal(entry["cache_read_input_token_cost"]),
                              cacheWrite: CatalogJSONValue.decimal(entry["cache_creation_input_token_cost"]),
                              cacheWrite1h: CatalogJSONValue.decimal(entry["cache_creation_input_token_cost_above_1hr"]),
                              reasoning: reasoning(entry),
                              image: CatalogJSONValue.decimal(entry["input_cost_per_image"]))
        return Price(base: base, tiers: tiers(entry), perRequest: CatalogJSONValue.decimal(entry["input_cost_per_request"]))
    }

    /// A reasoning price only when it differs from output: otherwise reasoning is simply billed as output.
    private static func reasoning(_ entry: [String: Any]) -> Decimal? {
        guard let price = CatalogJSONValue.decimal(entry["output_cost_per_reasoning_token"]),
              price != CatalogJSONValue.decimal(entry["output_cost_per_token"]) else { return nil }
        return price
    }

    /// Tiers by threshold. A rate a tier does not state stays unknown there: above the threshold every token is
    /// billed at the tier's rate, so the base rate would be a guess.
    static func tiers(_ entry: [String: Any]) -> [PriceTier] {
        var byThreshold: [Int: TokenRates] = [:]
        for (key, value) in entry {
            guard let (prefix, threshold) = split(key), let price = CatalogJSONValue.decimal(value) else { continue }
            var rates = byThreshold[threshold] ?? TokenRates(input: nil, output: nil)
            if set(prefix, price, in: &rates) { byThreshold[threshold] = rates }
        }
        return byThreshold.keys.sorted().compactMap { threshold in
            byThreshold[threshold].map { PriceTier(abovePromptTokens: threshold, rates: $0) }
        }
    }

    /// `input_cost_per_token_above_200k_tokens` -> ("input_cost_per_token", 200000); nil for any other key.
    static func split(_ key: String) -> (prefix: String, threshold: Int)? {
        guard key.hasSuffix("k_tokens"), let marker = key.range(of: "_above_", options: .backwards) else { return nil }
        let digits = key[marker.upperBound..<key.index(key.endIndex, offsetBy: -"k_tokens".count)]
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let thousands = Int(digits) else { return nil }
        return (String(key[..<marker.lowerBound]), thousands * 1000)
    }
}
