import Foundation

/// An OpenRouter model's `pricing` object as a `Price`: strings of USD per token (`image` per image, `request`
/// per request), and `overrides` with `min_prompt_tokens` as long-prompt tiers. Overrides by time of day
/// (`utc_start`/`utc_end`, DeepSeek's off-peak hours) are not prompt tiers and are left out.
enum OpenRouterPrice {
    static func price(_ pricing: [String: Any]) -> Price {
        let overrides = pricing["overrides"] as? [Any] ?? []
        let tiers = overrides.compactMap { item -> PriceTier? in
            guard let override = item as? [String: Any], override["utc_start"] == nil, override["utc_end"] == nil,
                  let threshold = CatalogJSONValue.int(override["min_prompt_tokens"]) else { return nil }
            // OpenRouter writes the provider's "above 200k" boundary as min_prompt_tokens 200000: the same tier.
            return PriceTier(abovePromptTokens: threshold, rates: rates(override))
        }
        return Price(base: rates(pricing), tiers: tiers, perRequest: positive(pricing["request"]))
    }

    /// A rate the object does not state stays unknown (in a tier too: above the threshold the base rate would
    /// be a guess). Reasoning is kept only when it differs from completion; otherwise it is billed as output.
    static func rates(_ object: [String: Any]) -> TokenRates {
        let output = CatalogJSONValue.decimal(object["completion"])
        let reasoning = CatalogJSONValue.decimal(object["internal_reasoning"])
        return TokenRates(input: CatalogJSONValue.decimal(object["prompt"]), output: output,
                          cacheRead: CatalogJSONValue.decimal(object["input_cache_read"]),
                          cacheWrite: CatalogJSONValue.decimal(object["input_cache_write"]),
                          cacheWrite1h: CatalogJSONValue.decimal(object["input_cache_write_1h"]),
                          reasoning: reasoning == output ? nil : reasoning,
                          image: CatalogJSONValue.decimal(object["image"]))
    }

    /// A fee of zero is no fee (nil), which keeps the catalog line short.
    private static func positive(_ value: Any?) -> Decimal? {
        guard let fee = CatalogJSONValue.decimal(value), fee > 0 else { return nil }
        return fee
    }
}
