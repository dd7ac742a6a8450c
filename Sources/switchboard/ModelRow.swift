import Foundation
import SwitchboardCore
import SwitchboardStore

/// One line of `switchboard models`: a deployment with its prices and availability.
struct ModelRow: Encodable {
    var id: String
    var provider: String
    var providerModel: String
    var available: Bool
    // Unknown prices and limits are `null` in `models --json`, not left out.
    @ExplicitNull var inputPerMTok: String?
    @ExplicitNull var outputPerMTok: String?
    @ExplicitNull var context: Int?
    @ExplicitNull var maxOutput: Int?
    var capabilities: [String]
    var simulated: Bool

    enum CodingKeys: String, CodingKey {
        case id, provider, available, context, capabilities, simulated
        case providerModel = "provider_model", inputPerMTok = "input_per_mtok", outputPerMTok = "output_per_mtok"
        case maxOutput = "max_output"
    }

    static func rows(catalog: ModelCatalog, registry: ProviderRegistry) -> [ModelRow] {
        catalog.models.flatMap { model in
            model.deployments.map { deployment in
                ModelRow(id: model.id, provider: deployment.provider, providerModel: deployment.providerModel,
                         available: registry.isAvailable(deployment.provider),
                         inputPerMTok: deployment.price.inputPerMillion.map { "\($0)" },
                         outputPerMTok: deployment.price.outputPerMillion.map { "\($0)" },
                         context: deployment.contextWindow, maxOutput: deployment.maxOutput,
                         capabilities: deployment.capabilities.sorted().map(\.rawValue), simulated: deployment.simulated)
            }
        }
    }

    static func json(_ rows: [ModelRow]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(rows)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
    }

    static func table(_ rows: [ModelRow]) -> String {
        let header = ["MODEL", "PROVIDER", "$/M IN", "$/M OUT", "CONTEXT", "CAPABILITIES", "AVAILABLE"]
        let body = rows.map { row in
            [row.id, row.provider, row.inputPerMTok ?? "?", row.outputPerMTok ?? "?",
             row.context.map(formatCount) ?? "?", row.capabilities.joined(separator: ","),
             row.simulated ? "yes (simulated)" : (row.available ? "yes" : "no")]
        }
        return ReportTable.leftAligned(header: header, rows: body) + (rows.isEmpty ? "no models match\n" : "")
    }

    static func formatCount(_ value: Int) -> String {
        value >= 1_000_000 ? "\(value / 1_000_000)M" : value >= 1000 ? "\(value / 1000)K" : "\(value)"
    }
}
