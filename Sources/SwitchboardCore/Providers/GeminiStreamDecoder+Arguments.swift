import Foundation

extension GeminiStreamDecoder.Wire {
    /// A `functionCall.args` object read as the JSON text the neutral `ToolCall.arguments` keeps: keys sorted,
    /// integers as integers. Foundation reads it as a `Decodable`; the fast scan writes the same text (`scanValue`).
    struct ArgumentsText: Decodable {
        let text: String

        /// Arguments the fast scan already wrote as that text.
        init(text: String) {
            self.text = text
        }

        init(from decoder: any Decoder) throws {
            let value = try Value(from: decoder)
            text = String(decoding: try value.json.bytes(), as: UTF8.self)
        }

        private indirect enum Value: Decodable {
            case null
            case bool(Bool)
            case int(Int)
            case double(Double)
            case string(String)
            case array([Value])
            case object([String: Value])

            init(from decoder: any Decoder) throws {
                if var list = try? decoder.unkeyedContainer() {
                    var items: [Value] = []
                    while !list.isAtEnd { items.append(try list.decode(Value.self)) }
                    self = .array(items)
                    return
                }
                if let keyed = try? decoder.container(keyedBy: AnyKey.self) {
                    var members: [String: Value] = [:]
                    for key in keyed.allKeys { members[key.stringValue] = try keyed.decode(Value.self, forKey: key) }
                    self = .object(members)
                    return
                }
                let single = try decoder.singleValueContainer()
                if single.decodeNil() {
                    self = .null
                } else if let flag = try? single.decode(Bool.self) {
                    self = .bool(flag)
                } else if let number = try? single.decode(Int.self) {
                    self = .int(number)
                } else if let number = try? single.decode(Double.self) {
                    self = .double(number)
                } else {
                    self = .string(try single.decode(String.self))
                }
            }

            var json: RequestJSON {
                switch self {
                case .null: .null
                case .bool(let flag): .bool(flag)
                case .int(let number): .int(number)
                case .double(let number): .double(number)
                case .string(let text): .string(text)
                case .array(let items): .array(items.map(\.json))
                case .object(let members): .object(members.map { ($0.key, $0.value.json) })
                }
            }
        }

        private struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }
}
