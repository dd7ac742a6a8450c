import Foundation
import SwitchboardCore
import SwitchboardStore

/// `route --json`: the decision's own keys plus `budget`, what the budget check would say now (null when no budget
/// is configured). Pretty-printed with sorted keys and a final newline.
struct RouteJSON: FlattenedJSON {
    struct Own: Encodable {
        @ExplicitNull var budget: String?
    }

    var own: Own
    var shared: RouteDecision

    static func render(_ decision: RouteDecision, budget: String?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(RouteJSON(own: Own(budget: budget), shared: decision))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
