import Foundation

extension RoutePlanner {
    /// Whether some usable deployment of `ref` may have every capability in `needs`: none of them stated as
    /// lacking (unknown counts as possible, as the constraints treat it).
    public func canServe(_ ref: ModelRef, needs: Set<Capability>) -> Bool {
        guard !needs.isEmpty else { return canServe(ref) }
        guard let resolved = try? resolveAlias(ref), let model = try? model(for: resolved) else { return false }
        return model.deployments.contains { deployment in
            (resolved.provider == nil || resolved.provider == deployment.provider) && registry.isAvailable(deployment.provider)
                && needs.allSatisfy { deployment.capabilityFacts.supports($0) != false }
        }
    }

    /// Models the data says have every capability in `needs`, closest to `near` first: the same vendor, then the
    /// longest shared name, then the shorter id. Models with a usable provider are offered; only when none has
    /// one, any in the catalog. The models in `near` themselves are left out (they are what failed).
    public func models(with needs: Set<Capability>, near: [String], limit: Int = 4) -> [String] {
        let excluded = Set(near)
        let targets = near.map { id -> (vendor: Substring?, name: Substring) in
            let slash = id.firstIndex(of: "/")
            return (slash.map { id[..<$0] }, slash.map { id[id.index(after: $0)...] } ?? id[...])
        }
        func capable(_ model: CatalogModel, usableOnly: Bool) -> Bool {
            !excluded.contains(model.id) && model.deployments.contains { deployment in
                (!usableOnly || registry.isAvailable(deployment.provider)) && !deployment.simulated
                    && needs.isSubset(of: deployment.capabilityFacts.supported)
            }
        }
        var found = catalog.models.filter { capable($0, usableOnly: true) }
        if found.isEmpty { found = catalog.models.filter { capable($0, usableOnly: false) } }
        func rank(_ id: String) -> (Int, Int) {
            let slash = id.firstIndex(of: "/")
            let vendor = slash.map { id[..<$0] }
            let name = slash.map { id[id.index(after: $0)...] } ?? id[...]
            var best = (1, 0)
            for target in targets {
                let score = (target.vendor != nil && target.vendor == vendor ? 0 : 1, -Self.sharedPrefix(target.name, name))
                if score < best { best = score }
            }
            return best
        }
        let ranked = found.map { (rank: rank($0.id), id: $0.id) }.sorted { lhs, rhs in
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            if lhs.id.count != rhs.id.count { return lhs.id.count < rhs.id.count }
            return lhs.id < rhs.id
        }
        return ranked.prefix(limit).map(\.id)
    }

    static func sharedPrefix(_ lhs: Substring, _ rhs: Substring) -> Int {
        zip(lhs.utf8, rhs.utf8).prefix { $0 == $1 }.count
    }
}
