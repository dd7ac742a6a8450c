import Foundation

/// Reads `CatalogCodec` text over raw UTF-8 bytes: the bundled catalog is decoded on every start-up, so this
/// avoids splitting into intermediate Strings and parses prices without a general-purpose number parser.
struct CatalogLineReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var models: [CatalogModel] = []
    private var positions: [String: Int] = [:]
    private var fields: [Range<Int>] = []
    private var lineNumber = 0

    private static let pipe = UInt8(ascii: "|"), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
    private static let backslash = UInt8(ascii: "\\"), hash = UInt8(ascii: "#"), comma = UInt8(ascii: ",")
    private static let capabilities = Dictionary(uniqueKeysWithValues: Capability.allCases.map { ($0.rawValue, $0) })

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        fields.reserveCapacity(CatalogCodec.columns.count + 1)
    }

    mutating func readAll() throws -> [CatalogModel] {
        var start = 0
        // Skip a UTF-8 byte-order mark some editors write.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < bytes.count || lineNumber == 0 {
            var end = start
            while end < bytes.count, bytes[end] != Self.newline { end += 1 }
            lineNumber += 1
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == Self.carriageReturn { lineEnd -= 1 }
            if lineNumber == 1 {
                try checkHeader(start..<lineEnd)
            } else if !isBlankOrComment(start..<lineEnd) {
                try readLine(start..<lineEnd)
            }
            start = end + 1
        }
        return models
    }

    private func checkHeader(_ range: Range<Int>) throws {
        let found = text(range)
        guard found != CatalogCodec.header else { return }
        if found.hasPrefix(CatalogCodec.headerPrefix) {
            let version = found.dropFirst(CatalogCodec.headerPrefix.count)
            throw fail("unsupported catalog version '\(version)': this build reads '\(CatalogCodec.header)'")
        }
        let shown = found.isEmpty ? "an empty line" : "'\(found.prefix(60))'"
        throw fail("expected '\(CatalogCodec.header)' on the first line, found \(shown)")
    }

    private func isBlankOrComment(_ range: Range<Int>) -> Bool {
        guard let first = range.first(where: { bytes[$0] != UInt8(ascii: " ") && bytes[$0] != UInt8(ascii: "\t") })
        else { return true }
        return bytes[first] == Self.hash
    }

    private mutating func readLine(_ range: Range<Int>) throws {
        fields.removeAll(keepingCapacity: true)
        var fieldStart = range.lowerBound
        for index in range where bytes[index] == Self.pipe {
            fields.append(fieldStart..<index)
            fieldStart = index + 1
        }
        fields.append(fieldStart..<range.upperBound)
        let columns = CatalogCodec.columns
        guard fields.count >= 4, fields.count <= columns.count else {
            throw fail("expected 4 to \(columns.count) '|'-separated fields (\(columns.joined(separator: "|"))), "
                       + "found \(fields.count)")
        }
        let id = try required(0), name = try unescaped(fields[1], column: 1)
        let provider = try required(2), providerModel = try required(3)
        var price = Price(input: try decimal(4), output: try decimal(5), cacheRead: try decimal(6),
                          cacheWrite: try decimal(7))
        let supported = try capabilitySet(10)
        var lacking: Set<Capability> = []
        if fields.count > 13 {
            lacking = try lacks(13, supported: supported)
            price.cacheWrite1h = try decimal(14)
            price.base.reasoning = try decimal(15)
            price.base.image = try plainDecimal(16)
            price.perRequest = try plainDecimal(17)
            price.tiers = try tiers(18)
        }
        let deployment = Deployment(provider: provider, providerModel: providerModel, price: price,
                                    contextWindow: try int(8), maxOutput: try int(9),
                                    capabilities: supported, lacking: lacking, throughputHint: try double(11),
                                    simulated: try flag(12))
        try add(deployment, id: id, name: name)
    }

    private mutating func add(_ deployment: Deployment, id: String, name: String) throws {
        let position: Int
        if let last = models.indices.last, models[last].id == id {
            position = last
        } else if let known = positions[id] {
            position = known
        } else {
            positions[id] = models.count
            models.append(CatalogModel(id: id, name: name, deployments: [deployment]))
            return
        }
        guard !models[position].deployments.contains(where: { $0.provider == deployment.provider }) else {
            throw fail("model '\(id)' already has a '\(deployment.provider)' deployment")
        }
        models[position].deployments.append(deployment)
        if models[position].name.isEmpty { models[position].name = name }
    }

    // MARK: Fields

    private func field(_ column: Int) -> Range<Int>? {
        column < fields.count && !fields[column].isEmpty ? fields[column] : nil
    }

    private func required(_ column: Int) throws -> String {
        guard let range = field(column) else { throw fail("\(CatalogCodec.columns[column]) is empty") }
        return try unescaped(range, column: column)
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func unescaped(_ range: Range<Int>, column: Int) throws -> String {
        guard range.contains(where: { bytes[$0] == Self.backslash }) else { return text(range) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            index += 1
            guard byte == Self.backslash else { out.append(byte); continue }
            let code = index < range.upperBound ? bytes[index] : 0
            index += 1
            switch code {
            case Self.backslash: out.append(Self.backslash)
            case UInt8(ascii: "p"): out.append(Self.pipe)
            case UInt8(ascii: "n"): out.append(Self.newline)
            case UInt8(ascii: "r"): out.append(Self.carriageReturn)
            case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
            default:
                throw fail("bad escape in \(CatalogCodec.columns[column]) '\(text(range))': use \\\\, \\p, \\n, \\r or \\t")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A price in USD per million tokens, returned per token.
    private func decimal(_ column: Int) throws -> Decimal? {
        guard let range = field(column) else { return nil }
        guard let value = number(range, shift: 6) else { return try badNumber(column, range) }
        return value
    }

    /// A price in plain USD (per image, per request), not per million tokens.
    private func plainDecimal(_ column: Int) throws -> Decimal? {
        guard let range = field(column) else { return nil }
        guard let value = number(range, shift: 0) else { return try badNumber(column, range) }
        return value
    }

    /// The plain decimal in `range` divided by 10^shift; nil when it is not one. Up to 19 significant digits are
    /// read straight into a Decimal's significand; longer ones go through Decimal's own parser. Exact either way.
    private func number(_ range: Range<Int>, shift: Int) -> Decimal? {
        guard !range.isEmpty else { return nil }
        var index = range.lowerBound
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var significand: UInt64 = 0, significantDigits = 0, fractionDigits = 0
        var sawDot = false, sawDigit = false, overflow = false
        while index < range.upperBound {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ".") && !sawDot { sawDot = true; continue }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            sawDigit = true
            if sawDot { fractionDigits += 1 }
            if significand > 0 || byte != UInt8(ascii: "0") { significantDigits += 1 }
            if significantDigits > 19 { overflow = true } else { significand = significand * 10 + UInt64(byte - 48) }
        }
        guard sawDigit else { return nil }
        if overflow {
            guard let value = Decimal(string: text(range), locale: Locale(identifier: "en_US_POSIX")) else { return nil }
            return value / Decimal(sign: .plus, exponent: shift, significand: 1)
        }
        return Decimal(sign: negative ? .minus : .plus, exponent: -(fractionDigits + shift), significand: Decimal(significand))
    }

    /// `ABOVE:input/output/cacheRead/cacheWrite/cacheWrite1h/reasoning/image;ABOVE:...`, read over the bytes.
    private func tiers(_ column: Int) throws -> [PriceTier] {
        guard let range = field(column) else { return [] }
        var tiers: [PriceTier] = []
        var start = range.lowerBound
        for end in range.lowerBound...range.upperBound where end == range.upperBound || bytes[end] == UInt8(ascii: ";") {
            tiers.append(try tier(start..<end, field: range))
            start = end + 1
        }
        return tiers
    }

    private func tier(_ range: Range<Int>, field: Range<Int>) throws -> PriceTier {
        let shape = "each tier is ABOVE:input/output/cacheRead/cacheWrite/cacheWrite1h/reasoning/image"
        guard let colon = range.first(where: { bytes[$0] == UInt8(ascii: ":") }),
              colon > range.lowerBound, colon - range.lowerBound <= 18,
              (range.lowerBound..<colon).allSatisfy({ bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") })
        else { throw fail("tiers '\(text(field))': \(shape)") }
        let above = (range.lowerBound..<colon).reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }
        var prices: [Decimal?] = []
        var start = colon + 1
        for end in (colon + 1)...range.upperBound where end == range.upperBound || bytes[end] == UInt8(ascii: "/") {
            guard prices.count < 7 else { throw fail("tiers '\(text(field))': at most 7 prices per tier") }
            if start == end {
                prices.append(nil)
            } else {
                // USD per million tokens, except the seventh (image): USD per image.
                guard let value = number(start..<end, shift: prices.count == 6 ? 0 : 6), value >= 0 else {
                    throw fail("tiers '\(text(field))': '\(text(start..<end))' is not a plain decimal")
                }
                prices.append(value)
            }
            start = end + 1
        }
        while prices.count < 7 { prices.append(nil) }
        return PriceTier(abovePromptTokens: above, rates: TokenRates(
            input: prices[0], output: prices[1], cacheRead: prices[2], cacheWrite: prices[3], cacheWrite1h: prices[4],
            reasoning: prices[5], image: prices[6]))
    }

    private func badNumber(_ column: Int, _ range: Range<Int>) throws -> Decimal? {
        throw fail("\(CatalogCodec.columns[column]) '\(text(range))' is not a plain decimal (USD per million tokens, e.g. 0.15)")
    }

    private func int(_ column: Int) throws -> Int? {
        guard let range = field(column) else { return nil }
        guard range.count <= 18, range.allSatisfy({ bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") })
        else { throw fail("\(CatalogCodec.columns[column]) '\(text(range))' is not a whole number of tokens") }
        return range.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }
    }

    private func double(_ column: Int) throws -> Double? {
        guard let range = field(column) else { return nil }
        guard let value = Double(text(range)), value.isFinite, value >= 0 else {
            throw fail("\(CatalogCodec.columns[column]) '\(text(range))' is not a number of tokens per second")
        }
        return value
    }

    private func flag(_ column: Int) throws -> Bool {
        guard let range = field(column) else { return false }
        switch text(range) {
        case "1": return true
        case "0": return false
        case let other: throw fail("\(CatalogCodec.columns[column]) '\(other)' must be 1, 0 or empty")
        }
    }

    private func capabilitySet(_ column: Int) throws -> Set<Capability> {
        guard let range = field(column) else { return [] }
        var result = Set<Capability>()
        var start = range.lowerBound
        for index in range.lowerBound...range.upperBound where index == range.upperBound || bytes[index] == Self.comma {
            let name = text(start..<index)
            guard let capability = Self.capabilities[name] else {
                let known = Capability.allCases.map(\.rawValue).sorted().joined(separator: ", ")
                throw fail("unknown capability '\(name)' (known: \(known))")
            }
            result.insert(capability)
            start = index + 1
        }
        return result
    }

    /// The capabilities the data says are missing: a list, or `*` for every one not in `supported`.
    private func lacks(_ column: Int, supported: Set<Capability>) throws -> Set<Capability> {
        guard let range = field(column) else { return [] }
        if range.count == 1, bytes[range.lowerBound] == UInt8(ascii: "*") {
            return Capabilities.all.subtracting(supported)
        }
        return try capabilitySet(column)
    }

    private func fail(_ message: String) -> CatalogCodecError {
        CatalogCodecError(line: lineNumber, message: message)
    }
}
