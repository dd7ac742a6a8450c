import Foundation
import SwitchboardCore

/// `GET /v1/models` in OpenAI's list shape: every catalog model, then the config's aliases and routes, then
/// `auto` — everything `model` accepts. `owned_by` says what an entry is (the vendor, `alias`, `route`,
/// `switchboard` for auto).
enum ModelList {
    static func bytes(_ gateway: GatewayContext) -> [UInt8] {
        entries(catalog: gateway.catalog, configuration: gateway.configuration)
    }

    static func entries(catalog: ModelCatalog, configuration: Configuration) -> [UInt8] {
        var items: [RequestJSON] = []
        var seen = Set<String>()
        func add(_ id: String, ownedBy: String) {
            guard seen.insert(id).inserted else { return }
            items.append(.object([
                (key: "created", value: .int(0)),
                (key: "id", value: .string(id)),
                (key: "object", value: .string("model")),
                (key: "owned_by", value: .string(ownedBy)),
            ]))
        }
        for model in catalog.models.sorted(by: { $0.id < $1.id }) {
            add(model.id, ownedBy: model.id.split(separator: "/").first.map(String.init) ?? "unknown")
        }
        for alias in configuration.aliases.keys.sorted() { add(alias, ownedBy: "alias") }
        for route in configuration.routing.routes.keys.sorted() { add(route, ownedBy: "route") }
        add("auto", ownedBy: "switchboard")
        let list = RequestJSON.object([(key: "data", value: .array(items)), (key: "object", value: .string("list"))])
        return (try? list.bytes()) ?? Array(#"{"object":"list","data":[]}"#.utf8)
    }
}
